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
			MinEntropy:    3.8,
			PreviewPrefix: 3,
			TruePositives: []string{
				`BRAVE_SEARCH_API_KEY=BSA1W3fN439xpokDwwKAficPdRdiygcocF3q`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"BSAde9d6Z0k6hN6uG1dQIlJYCuR"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer BSA-HEQ4ME0AGmxOgIGo1b1D3geROG2-547`,
				`headers = {"X-Subscription-Token": "BSAk4_Vm8nDp3Qw7Ls0raF2jHx6ZuCt"}`,
			},
			FalsePositives: []string{
				`BRAVE_SEARCH_API_KEY=BSAxxxxxxxxxxxxxxxxxxxxxxxx`,
				`BRAVE_SEARCH_API_KEY=BSA0123456789ABCDEFGHIJKLMN`,
				`BRAVE_SEARCH_API_KEY=BSAxRG8I9KJv5Q6-i8xgtNHi`,
				`BSAVEDIRECTORYWASNOTFOUNDONDISK01`,
			},
		},
	}
}
