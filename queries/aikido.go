package queries

// Aikido credentials.
func aikidoRules() []*Rule {
	return []*Rule{
		{
			ID:            "aikido-client-secret",
			Description:   "Aikido API client secret",
			Severity:      Critical,
			Provider:      "Aikido",
			Peers:         []string{"aikido-client-secret"},
			Keywords:      []string{"AIK_SECRET_"},
			Regex:         `(AIK_SECRET_[A-Za-z0-9]{64})(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.7,
			PreviewPrefix: 11,
			TruePositives: []string{
				`AIKIDO_CLIENT_SECRET=AIK_SECRET_sWGRb9Rb4JPrCRUVYu4EyE8N1GzDfRp3GrXf5Agg2AB2a42gcSG6v7hi6TfC7tLW`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"AIK_SECRET_xCWWpmJMzo5Rj0FE9mYbTNQEPyRBuGlTiZOHVFSM8cOKu6oRrCkDD9g5iFfArs39"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer AIK_SECRET_bvJ69DFlRzPF36fpYtu3saUu6bzkez7dCtB3GdsKw4fL9KWyrQgzdQlEmBaqi7ES`,
			},
			FalsePositives: []string{
				`AIKIDO_CLIENT_SECRET=AIK_SECRET_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`AIKIDO_CLIENT_SECRET=AIK_SECRET_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz01`,
				`AIKIDO_CLIENT_SECRET=AIK_SECRET_keb7XxeKMTbM4jxohGe0lWQ7HqcvCpwTORoX6u9vDSYTG2lGQQWt6cVgelyZj`,
			},
		},
		{
			ID:            "aikido-ci-token",
			Description:   "Aikido CI scan token",
			Severity:      Critical,
			Provider:      "Aikido",
			Peers:         []string{"aikido-ci-token"},
			Keywords:      []string{"AIK_CI_"},
			Regex:         `(AIK_CI_[A-Za-z0-9]{20,44})(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    3.8,
			PreviewPrefix: 7,
			TruePositives: []string{
				`AIKIDO_TOKEN=AIK_CI_n67fYrMNTMMR3rzqRURsVljqO`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"AIK_CI_VVqbXwOcSAV8Mckhh3ebmqaQHd3Bq"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer AIK_CI_sMNFLfR83tYmEcTvamiC6bxPpnByPJy`,
			},
			FalsePositives: []string{
				`AIKIDO_TOKEN=AIK_CI_xxxxxxxxxxxxxxxxxxxx`,
				`AIKIDO_TOKEN=AIK_CI_0123456789ABCDEFGHIJ`,
				`AIKIDO_TOKEN=AIK_CI_KhVAnSPMo0qimZ88O`,
			},
		},
	}
}
