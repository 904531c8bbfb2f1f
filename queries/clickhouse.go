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
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.0,
			PreviewPrefix: 4,
			TruePositives: []string{
				`CLICKHOUSE_KEY_SECRET=4b1d82TkuINBBN3XyMX58dw90jMece7Gs1Ol6wSdVb`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"4b1dTB3CSH2QlfBDDJrJqpC9JB88MJWL5oZS7D9ef5"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer 4b1dW6Kodav5JDBE8iy74pfZZWQeLEqLX2aceXuxko`,
			},
			FalsePositives: []string{
				`CLICKHOUSE_KEY_SECRET=4b1dxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`CLICKHOUSE_KEY_SECRET=4b1d0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZab`,
				`CLICKHOUSE_KEY_SECRET=4b1dhUq1FvNdngrSrzqN3D8xuL59yQFjRC9wGiC`,
			},
		},
	}
}
