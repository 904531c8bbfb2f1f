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
			Validators:  []Validator{noRuns, mixedCase},
			MinEntropy:  4.2,
			TruePositives: []string{
				`DATAGOV_API_KEY=dDAN8BpoIQIYD4cK5V0iH3L0vXoGTpEMCQ1I3nnQ`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","datagov_token":"1WBYf7TF1bA1v9TKSM0NBB5zkCYhr6gnIznav5tA"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync datagov_secret=Uq1Z5TLFVHoSPr58WQNeOyuX0nf9reqtsIxDaUjk attempt=2`,
			},
			FalsePositives: []string{
				`DATAGOV_API_KEY=${DATAGOV_API_KEY}`,
				`datagov_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcd"`,
				`xdatagovish_ref=WCABI0CR8lmwBrW2eEWHQz7ZVahN9Zj9ak6qDM0y`,
			},
		},
	}
}
