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
			MinEntropy:    4.4,
			PreviewPrefix: 8,
			TruePositives: []string{
				`ASTRA_DB_APPLICATION_TOKEN=AstraCS:z46jVzlrLUrHn5V9g8JLvuoV:ca5fc25673814ea5a084f5d46ac8c899b1fed97cf5d26522992b22e7d78849bc`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"AstraCS:gIymCoftsOMBwNfXlS7V6tF8:9b1e14c98abf346cdd08ac7f24e84ab080baa84f55816f5d0006ccc0a90f23ff"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer AstraCS:Vmf83CqwQBCdyzEClQZebPXB:ef3e944d4e44a4a35ccfdb6077a9afc14c9410748a9c9b155b3a3d711599ded2`,
				`ASTRA_TOKEN=AstraCS:Wq7LmZp2XkR9vTn4YbHc8JdFs3GtQe6NwA1uPi5O`,
			},
			FalsePositives: []string{
				`ASTRA_DB_APPLICATION_TOKEN=AstraCS:xxxxxxxxxxxxxxxxxxxxxxxx:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`ASTRA_DB_APPLICATION_TOKEN=AstraCS:0123456789ABCDEFGHIJKLMN:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef`,
			},
		},
	}
}
