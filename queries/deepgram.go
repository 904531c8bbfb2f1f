package queries

// Deepgram credentials.
func deepgramRules() []*Rule {
	return []*Rule{
		{
			ID:          "deepgram-api-key",
			Description: "Deepgram API key next to its name",
			Severity:    High,
			Provider:    "Deepgram",
			Peers:       []string{"deepgram-api-key"},
			Keywords:    []string{"deepgram"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("deepgram"), `([0-9a-f]{40})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.2,
			TruePositives: []string{
				`DEEPGRAM_API_KEY=3a8ebef8745687266702140f2d2a4c74e68bfc70`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","deepgram_token":"38b0227f8146e31b921c225873771c558b53c410"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync deepgram_secret=0be8fdcdbe96402a3b107beabb2d019ef0b0cbb4 attempt=2`,
			},
			FalsePositives: []string{
				`DEEPGRAM_API_KEY=${DEEPGRAM_API_KEY}`,
				`deepgram_token: "0123456789abcdef0123456789abcdef01234567"`,
				`xdeepgramish_ref=c4fb1a14dbd2b16100ee5f88ba6cf8223a9affb7`,
			},
		},
	}
}
