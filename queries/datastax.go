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
				`ASTRA_DB_APPLICATION_TOKEN=AstraCS:bKUNeUel7DfvRbM8mpDf7Mvb:035f8c6dae5c332871fd290b60b1817d427391685898eb07c37aec00e9af1f68`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"AstraCS:0ZqDWtdK3btkf6ZOugOhUezB:48d134e7dceebe5123c96c1db0df0c27cda57171662112881b18ca66e6038693"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer AstraCS:qocrkQSVL4crfSZ2gc4xYrLY:5e27c786a8b7fd25633e87264311064815513366e191f46a5bd1d41ef68956b9`,
				`ASTRA_TOKEN=AstraCS:Wq7LmZp2XkR9vTn4YbHc8JdFs3GtQe6NwA1uPi5O`,
			},
			FalsePositives: []string{
				`ASTRA_DB_APPLICATION_TOKEN=AstraCS:xxxxxxxxxxxxxxxxxxxxxxxx:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`ASTRA_DB_APPLICATION_TOKEN=AstraCS:0123456789ABCDEFGHIJKLMN:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef`,
			},
		},
	}
}
