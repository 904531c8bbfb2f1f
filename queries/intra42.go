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
				`FT_CLIENT_SECRET=s-s4t2ud-cfe17c842ca3bdf2c2edc5e9da1bfbdb0c0869b2bdb07bea98d82154051d4`,
			},
		},
	}
}
