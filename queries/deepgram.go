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
				`DEEPGRAM_API_KEY=f42f6bf87cd7de6ae8d09f9ac0c141fb6c701eef`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","deepgram_token":"b0df65b0e3a3dbab8bc8bafa4d3720df1d3f3cea"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync deepgram_secret=4493f4e34510492ea67ac0442c85e1d0f7180ee5 attempt=2`,
			},
			FalsePositives: []string{
				`DEEPGRAM_API_KEY=${DEEPGRAM_API_KEY}`,
				`deepgram_token: "0123456789abcdef0123456789abcdef01234567"`,
				`xdeepgramish_ref=ccbfe9600c5e37911f1d3a722ed8c048a3709c3d`,
			},
		},
	}
}
