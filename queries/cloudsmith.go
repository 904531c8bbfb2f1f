package queries

// Cloudsmith credentials.
func cloudsmithRules() []*Rule {
	return []*Rule{
		{
			ID:            "cloudsmith-api-key",
			Description:   "Cloudsmith API key",
			Severity:      Critical,
			Provider:      "Cloudsmith",
			Peers:         []string{"cloudsmith-api-key"},
			Keywords:      []string{"csa_"},
			Regex:         `(csa_[0-9a-f]{30}[A-Za-z0-9]{6})(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    3.5,
			PreviewPrefix: 4,
			TruePositives: []string{
				`CLOUDSMITH_API_KEY=csa_c554b9c97a5a78cfbdc45b21af345ezCMMEq`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"csa_a0c8d195d6c912b1a055330a0226barH62Js"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer csa_eafe0a93f6972b6df6c3a7b62afe02NMG9xM`,
			},
			FalsePositives: []string{
				`CLOUDSMITH_API_KEY=csa_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`CLOUDSMITH_API_KEY=csa_0123456789abcdef0123456789abcd012345`,
			},
		},
	}
}
