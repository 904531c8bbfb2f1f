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
			MinEntropy:    3.6,
			PreviewPrefix: 4,
			TruePositives: []string{
				`CLOUDSMITH_API_KEY=csa_2e1ac64bf4a8671b260b7617745803NG40yQ`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"csa_bb549b0431738919338c24a4dfb02csODYFs"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer csa_fabcda24aa4a1e821ed9a986a6afdecs8anN`,
			},
			FalsePositives: []string{
				`CLOUDSMITH_API_KEY=csa_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`CLOUDSMITH_API_KEY=csa_0123456789abcdef0123456789abcd012345`,
			},
		},
	}
}
