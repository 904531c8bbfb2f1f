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
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.5,
			PreviewPrefix: 6,
			TruePositives: []string{
				`COCKROACH_API_KEY=CCDB1_B4xZIlaUnBYo5cYrVkz79v_2vm8rB0Fas6aPJDmypa6KsA38EgdcuTvvh78nJlX`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"CCDB1_NhDu8i1Ef5fVqaAuRNtffQ_8OimttUA22GKpx3sEtHd3XsuIF8ziCmfOPNWPb5d"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer CCDB1_MD4e5x7XPvwW8ZsjQrcqVp_pB3mPeZhKFr9NfyOVPGGGprdTH0tP5AladDtEZhB`,
			},
			FalsePositives: []string{
				`COCKROACH_API_KEY=CCDB1_xxxxxxxxxxxxxxxxxxxxxx_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`COCKROACH_API_KEY=CCDB1_0123456789ABCDEFGHIJKL_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcd`,
			},
		},
	}
}
