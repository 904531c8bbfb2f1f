package queries

// CockroachDB credentials.
func cockroachlabsRules() []*Rule {
	return []*Rule{
		{
			ID:            "cockroachlabs-cloud-api-key",
			Description:   "CockroachDB Cloud API key",
			Severity:      Critical,
			Provider:      "CockroachDB",
			Peers:         []string{"cockroachlabs-cloud-api-key"},
			Keywords:      []string{"CCDB1_"},
			Regex:         `(CCDB1_[A-Za-z0-9]{22}_[A-Za-z0-9]{40})(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, mixedCase},
			MinEntropy:    4.8,
			PreviewPrefix: 6,
			TruePositives: []string{
				`COCKROACH_API_KEY=CCDB1_HSOhGviT08KxPnc4DYEYDX_Ja3cWHZRc5rWnl3Jy1ATTiT4EJWV0wKb4kyhhb6n`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"CCDB1_OtPWVXxyhVP9M5KAsfv7F4_zQ85jCkaUUGDvimVZNTMF8WDlE35ZO8NJdqMJJPT"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer CCDB1_WmbYK9Q66Xs23tZiCS7VYJ_vApFc8ahbvO0fZ7AJhEVrmngtPGwrwqUrOyXOO45`,
			},
			FalsePositives: []string{
				`COCKROACH_API_KEY=CCDB1_xxxxxxxxxxxxxxxxxxxxxx_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`COCKROACH_API_KEY=CCDB1_0123456789ABCDEFGHIJKL_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcd`,
			},
		},
	}
}
