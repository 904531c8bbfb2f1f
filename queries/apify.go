package queries

// Apify credentials.
func apifyRules() []*Rule {
	return []*Rule{
		{
			ID:            "apify-api-token",
			Description:   "Apify API token",
			Severity:      Critical,
			Provider:      "Apify",
			Peers:         []string{"apify-api-token"},
			Keywords:      []string{"apify_api_"},
			Regex:         `(apify_api_[A-Za-z0-9]{34,38})(?:[^A-Za-z0-9_-]|$)`,
			Validators:    []Validator{noRuns, mixedCase},
			MinEntropy:    4.3,
			PreviewPrefix: 10,
			TruePositives: []string{
				`APIFY_TOKEN=apify_api_l8rCWnR3UeAeqvqwBQMOiuhPXvxICxkWcwdZ`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"apify_api_0yFXcD33SkbDMDaNB3gPUhv3HcCEkRhHjh51"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer apify_api_KU0cMHsNEoCOI4lCB8ooI5GPzRNDXuVZep9B`,
			},
			FalsePositives: []string{
				`APIFY_TOKEN=apify_api_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`APIFY_TOKEN=apify_api_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ`,
				`APIFY_TOKEN=apify_api_bs3XFQ6ShmwvGnpHU1uABHln0IZRbWwD6`,
			},
		},
	}
}
