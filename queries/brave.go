package queries

// Brave credentials.
func braveRules() []*Rule {
	return []*Rule{
		{
			ID:            "brave-search-api-key",
			Description:   "Brave Search API subscription token",
			Severity:      Critical,
			Provider:      "Brave",
			Peers:         []string{"brave-search-api-key"},
			Keywords:      []string{"BSA"},
			Regex:         `(BSA[A-Za-z0-9_-]{24,40})(?:[^A-Za-z0-9_-]|$)`,
			Validators:    []Validator{noRuns, mixedCase},
			MinEntropy:    3.7,
			PreviewPrefix: 3,
			TruePositives: []string{
				`BRAVE_SEARCH_API_KEY=BSAYxYhAoGI016lqrmyXZx_nJfbQRyUsSLiEyoq`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"BSA8eQW3l5wAZQ_Ijo5kiDn8zY5RGYHt"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer BSAknfddRPqEzhdZoL-75K9IuBnVfoJLZ6u2`,
				`headers = {"X-Subscription-Token": "BSAk4_Vm8nDp3Qw7Ls0raF2jHx6ZuCt"}`,
			},
			FalsePositives: []string{
				`BRAVE_SEARCH_API_KEY=BSAxxxxxxxxxxxxxxxxxxxxxxxx`,
				`BRAVE_SEARCH_API_KEY=BSA0123456789ABCDEFGHIJKLMN`,
				`BRAVE_SEARCH_API_KEY=BSA7mc_iWVdmvx_xlj_ChCQG`,
				`BSAVEDIRECTORYWASNOTFOUNDONDISK01`,
			},
		},
	}
}
