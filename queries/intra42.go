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
				`FT_CLIENT_SECRET=s-s4t2ud-a2cc58095cb93fc9a9537ea4cd7eae469d7b20f138852cbf6ba25d281f7b6`,
			},
		},
	}
}
