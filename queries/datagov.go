package queries

// api.data.gov credentials.
func datagovRules() []*Rule {
	return []*Rule{
		{
			ID:          "datagov-api-key",
			Description: "api.data.gov API key next to its name",
			Severity:    High,
			Provider:    "api.data.gov",
			Peers:       []string{"datagov-api-key"},
			Keywords:    []string{"data.gov", "datagov"},
			IgnoreCase:  true,
			Regex:       assigned(credentialName(`data\.gov|datagov`), `([A-Za-z0-9]{40})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.9,
			TruePositives: []string{
				`DATAGOV_API_KEY=SgDwSSdmOv8LMzgFQr7Ra1Io2BI5ws1L60OaugGf`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","datagov_token":"ErEd97WVaqWkN0RfqH5iLCkmujG5RGWZEiNMeSut"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync datagov_secret=gye5MsTpbzs0y3Lg6JRp5dM4GF5FfwRMwif5uxCl attempt=2`,
			},
			FalsePositives: []string{
				`DATAGOV_API_KEY=${DATAGOV_API_KEY}`,
				`datagov_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcd"`,
				`xdatagovish_ref=bA85GARAs7fhHNym5pT81L7kq39thYZkgeAqvtDj`,
			},
		},
	}
}
