package queries

// 42 Intra credentials.
func intra42Rules() []*Rule {
	return []*Rule{
		{
			ID:            "intra42-client-secret",
			Description:   "42 Intra OAuth client secret",
			Severity:      Critical,
			Provider:      "42 Intra",
			Peers:         []string{"intra42-client-secret"},
			Keywords:      []string{"s-s4t2ud-", "s-s4t2af-"},
			Regex:         `(s-s4t2(?:ud|af)-[a-fA-F0-9]{64})(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    3.7,
			PreviewPrefix: 9,
			TruePositives: []string{
				`FT_CLIENT_SECRET=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`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"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"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer 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`,
			},
			FalsePositives: []string{
				`FT_CLIENT_SECRET=s-s4t2ud-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`FT_CLIENT_SECRET=s-s4t2ud-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef`,
				`FT_CLIENT_SECRET=s-s4t2ud-18d3a4a6025fba493fc0c95b228bfbc56661ae923968b90321460a5b5dbff`,
			},
		},
	}
}
