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
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.0,
			PreviewPrefix: 10,
			TruePositives: []string{
				`APIFY_TOKEN=apify_api_thWgmV6jyp0KUx8w2bOj7LEV5pkZMXbN2jNu`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"apify_api_bX4OpiSLZWot3F1sTRERHVzzb6FaQKDjAn4j"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer apify_api_AbCKih1MsCDcb2JmPhTWzFdbvo0shmHxEPov`,
			},
			FalsePositives: []string{
				`APIFY_TOKEN=apify_api_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`APIFY_TOKEN=apify_api_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ`,
				`APIFY_TOKEN=apify_api_qSgcea6LgkDOnAYnIfkKNMx8iwBkAp2lI`,
			},
		},
	}
}
