package queries

// Elastic credentials.
func elasticRules() []*Rule {
	return []*Rule{
		{
			ID:            "elastic-cloud-api-key",
			Description:   "Elastic Cloud API key (essu_)",
			Severity:      Critical,
			Provider:      "Elastic",
			Peers:         []string{"elastic-cloud-api-key"},
			Keywords:      []string{"essu_"},
			Regex:         `(essu_[A-Za-z0-9_-]{60,200}={0,2})(?:[^A-Za-z0-9_=-]|$)`,
			Validators:    []Validator{noRuns, mixedCase},
			MinEntropy:    4.7,
			PreviewPrefix: 5,
			TruePositives: []string{
				`EC_API_KEY=essu_J1KEM_QOL0j0VJMOPVxzTv08sZnGT5JQ36tIi5Uxt_-0HE2dmXek6LWsgfBHB3R_trjXS`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"essu_gy8EFdPGUBWvZeJABqDuo8WMllu9HrNdfsedmXSVbkb2BdgMrMDPmNTFFW0_V8JEE2UGTBp"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer essu_PzSYjRQ4ZQfY8WQzofSyiS6B2EauzCjr-BtxntIVNpt8uyebrt48ZDxxRjb0C8_1in7uim-b`,
			},
			FalsePositives: []string{
				`EC_API_KEY=essu_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`EC_API_KEY=essu_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwx`,
				`EC_API_KEY=essu_2_LWe6AvefpYU4KRpxwiUAKXIBxT3b94-RbsrR-Sl9qI3-kIcesQIpaBH`,
			},
		},
	}
}
