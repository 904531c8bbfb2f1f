package queries

// Frame.io credentials.
func frameioRules() []*Rule {
	return []*Rule{
		{
			ID:            "frameio-api-token",
			Description:   "Frame.io developer token",
			Severity:      Critical,
			Provider:      "Frame.io",
			Peers:         []string{"frameio-api-token"},
			Keywords:      []string{"fio-u-"},
			Regex:         `(fio-u-[A-Za-z0-9_=-]{64})(?:[^A-Za-z0-9_=-]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.4,
			PreviewPrefix: 6,
			TruePositives: []string{
				`FRAMEIO_TOKEN=fio-u-XJ6_uwBGyUdVQx1CBA0t2mQ8vbxvwiyFrv2iE7KtD-XQkCRRJloWLyQtwWwg0VNr`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"fio-u-IegQ5Gv-dPm3P1J5mLdWJlZ08kHtC4k2TXCs-LMIK5ofq8tOdHiFQFT9A7RxhCFL"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer fio-u-s1z9tGIDbdnf60U7FQcnJLZa89b25kpPs9sizN2mYyGv8DNZGwnenR2xrPRp0RPS`,
			},
			FalsePositives: []string{
				`FRAMEIO_TOKEN=fio-u-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`FRAMEIO_TOKEN=fio-u-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz01`,
				`FRAMEIO_TOKEN=fio-u-1kCyYb6HD3fd3ZI-r96ntmq1dPj0GauBi5L-1pEiB-hJpGnlpUzAGn1QmU3Ds`,
			},
		},
	}
}
