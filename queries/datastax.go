package queries

// DataStax credentials.
func datastaxRules() []*Rule {
	return []*Rule{
		{
			ID:            "datastax-astra-application-token",
			Description:   "DataStax Astra DB application token",
			Severity:      Critical,
			Provider:      "DataStax",
			Peers:         []string{"datastax-astra-application-token"},
			Keywords:      []string{"AstraCS:"},
			Regex:         `(AstraCS:[A-Za-z0-9]{20,}(?::[0-9a-f]{64})?)(?:[^A-Za-z0-9:]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.2,
			PreviewPrefix: 8,
			TruePositives: []string{
				`ASTRA_DB_APPLICATION_TOKEN=AstraCS:9b5q67cAN44dS3B3WPje9yJn:0c7d2b731720bdb46eaae81e66291f6e282d3bc99b536ee9d8af7882236349cc`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"AstraCS:9vxvo9dlk29I4Y6gItf7nK3F:26cc97ba7ed2fb4f7056e27fc0c093ceb274e5b79359b94701e28ce23b9363c2"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer AstraCS:3UCKEfNn68s09qXRF0USCS5V:b370681466ff2c2f9340c72f643b2caac43af3d440bfe484c2bc686c4009ae25`,
				`ASTRA_TOKEN=AstraCS:Wq7LmZp2XkR9vTn4YbHc8JdFs3GtQe6NwA1uPi5O`,
			},
			FalsePositives: []string{
				`ASTRA_DB_APPLICATION_TOKEN=AstraCS:xxxxxxxxxxxxxxxxxxxxxxxx:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`ASTRA_DB_APPLICATION_TOKEN=AstraCS:0123456789ABCDEFGHIJKLMN:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef`,
			},
		},
	}
}
