package queries

// Dynatrace credentials.
func dynatraceRules() []*Rule {
	return []*Rule{
		{
			ID:            "dynatrace-api-token",
			Description:   "Dynatrace API token",
			Severity:      Critical,
			Provider:      "Dynatrace",
			Peers:         []string{"dynatrace-api-token"},
			Keywords:      []string{"dt0c01."},
			Regex:         `(dt0c01\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64})(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.6,
			PreviewPrefix: 7,
			TruePositives: []string{
				`DT_API_TOKEN=dt0c01.Z8WSP89DFMD7A5ESE8J6WTRJ.TLGL9BJ5JJ4DTJ2BF9PX60407ACNIT1I7V6V9NA3O8MJQ9Z73JRLIXUIJ0PK10LQ`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"dt0c01.VL1XBLKCKYGEGTY85ZFV6Z8X.NJ5GTX5E66Q1RQUKLIMMO2GSWACMDP3P533TBKR1XMX3TFW8KWGFCEPEDCR6RGHF"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer dt0c01.B52VSM0RUTBJSHR4I8379B86.ALCO8BA8GY7B0OQMP8H7280U6RJDIMOED3J0Z42UZ2YW8IXBB8FDMP2CX3M0PP9C`,
			},
			FalsePositives: []string{
				`DT_API_TOKEN=dt0c01.xxxxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`DT_API_TOKEN=dt0c01.0123456789ABCDEFGHIJKLMN.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGHIJKLMNOPQR`,
			},
		},
	}
}
