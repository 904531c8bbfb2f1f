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
				`COCKROACH_API_KEY=CCDB1_HFs5GZ2YTyOV7ZxipViG8Q_m1Bz2Wq8UBmjIQTGQkrLHan7iORnXHjQYt8uzMAL`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"CCDB1_DEoiOSHybbevZj1BGABeJt_DbyDr7WGD0IZVtkPUsxCBM8Mocfdi0pEsDgEGS0i"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer CCDB1_LBAXWIFSDoX4BbHzL4fJ56_ySrr55d2CdKmDYkBkWVAUfndyJtx15zweKGYPYS8`,
			},
			FalsePositives: []string{
				`COCKROACH_API_KEY=CCDB1_xxxxxxxxxxxxxxxxxxxxxx_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`COCKROACH_API_KEY=CCDB1_0123456789ABCDEFGHIJKL_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcd`,
			},
		},
	}
}
