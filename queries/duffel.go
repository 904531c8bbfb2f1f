package queries

// Duffel credentials.
func duffelRules() []*Rule {
	return []*Rule{
		{
			ID:            "duffel-api-token",
			Description:   "Duffel live or test API token",
			Severity:      Critical,
			Provider:      "Duffel",
			Peers:         []string{"duffel-api-token"},
			Keywords:      []string{"duffel_live_", "duffel_test_"},
			Regex:         `(duffel_(?:live|test)_[A-Za-z0-9_=-]{43})(?:[^A-Za-z0-9_=-]|$)`,
			Validators:    []Validator{noRuns, mixedCase},
			MinEntropy:    4.5,
			PreviewPrefix: 7,
			TruePositives: []string{
				`DUFFEL_ACCESS_TOKEN=duffel_live_82zuqH9_UE84PMGxgQCzirX1T2lxBKLM3xjakddJnJv`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"duffel_live_AxORfcCA8YjnXfIkip_ejyU6CIp0jqlEswQlJ-q-rav"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer duffel_live_xHiYgsMI8LdAXRR1VUfEb6Qbt4qhjvQWQEsYL8dgmM1`,
			},
			FalsePositives: []string{
				`DUFFEL_ACCESS_TOKEN=duffel_live_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`DUFFEL_ACCESS_TOKEN=duffel_live_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg`,
				`DUFFEL_ACCESS_TOKEN=duffel_live_7GfBL5dqKS2wAB2ZT2Ogyh8b6rQcGWgNszcUVf5k`,
			},
		},
	}
}
