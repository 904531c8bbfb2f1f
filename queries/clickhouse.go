package queries

// ClickHouse credentials.
func clickhouseRules() []*Rule {
	return []*Rule{
		{
			ID:            "clickhouse-cloud-api-secret-key",
			Description:   "ClickHouse Cloud API key secret",
			Severity:      Critical,
			Provider:      "ClickHouse",
			Peers:         []string{"clickhouse-cloud-api-secret-key"},
			Keywords:      []string{"4b1d"},
			Regex:         `(4b1d[A-Za-z0-9]{38})(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, mixedCase},
			MinEntropy:    4.3,
			PreviewPrefix: 4,
			TruePositives: []string{
				`CLICKHOUSE_KEY_SECRET=4b1dq4AADsR6tyq6vJfeK2cSyvjQCXxjC7kBZP5V3F`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"4b1di39tKzt7uyW0dBRJJBsuGbCpXr2jBukvqXfL9P"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer 4b1dy25ewnnbAMb6aYWcv3Dj5oI0D2n7VLQVWX9xBV`,
			},
			FalsePositives: []string{
				`CLICKHOUSE_KEY_SECRET=4b1dxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`CLICKHOUSE_KEY_SECRET=4b1d0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZab`,
				`CLICKHOUSE_KEY_SECRET=4b1dJCUt2CQCl9kEqeNjvTB99DeHPjXRp5K5Djn`,
			},
		},
	}
}
