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
				`DEEPGRAM_API_KEY=8023236084a1129ddd6c45c0ad0e15eb3bf3f3ff`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","deepgram_token":"16c675d634f14c1a5444c2237f29e23c9c8991de"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync deepgram_secret=e146fcbb44c0285a67292de2fa521ea2d4ef866f attempt=2`,
			},
			FalsePositives: []string{
				`DEEPGRAM_API_KEY=${DEEPGRAM_API_KEY}`,
				`deepgram_token: "0123456789abcdef0123456789abcdef01234567"`,
				`xdeepgramish_ref=23f298f07fa8f2c4b47e1f20b74f0b58e21768df`,
			},
		},
	}
}
