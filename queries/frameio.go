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
				`FRAMEIO_TOKEN=fio-u-glX0nwIP_mxWte_a7Mh8Lyviq3f314eWgrVdrFqq84k0PUhNbGMgBQ67GLJ799XM`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"fio-u-JH8lOhPbVy3DWLS-9Q4piVFFHNDkGnlyrF180Mo6RK72DGBL_cx3Ft6KJMX8Y-3n"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer fio-u-viVIarLfUfJSUgTut5O9rZ2J6ckHM-geB0pcbI9QfgdQQ32s740WlTfGvGZCjCE6`,
			},
			FalsePositives: []string{
				`FRAMEIO_TOKEN=fio-u-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`FRAMEIO_TOKEN=fio-u-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz01`,
				`FRAMEIO_TOKEN=fio-u-WLYcW0_qvbbFESd-Z1pqTzttyuixQzUf8PLNl7Nd838F7ea6KVjrPPDn7Jel9`,
			},
		},
	}
}
