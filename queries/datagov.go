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
				`DATAGOV_API_KEY=W9d22C8ubCegm8Wyzz1DUrUhpbghkR7YLAYKVrtW`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","datagov_token":"AQjhY5JldfcoWVeHj3q94Shn8kFyOBgWjQheahO4"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync datagov_secret=K1MOzqvFEBQgvwuQzWHBlHDhL6xXsPTAEfOo2gds attempt=2`,
			},
			FalsePositives: []string{
				`DATAGOV_API_KEY=${DATAGOV_API_KEY}`,
				`datagov_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcd"`,
				`xdatagovish_ref=K5kDg7qobuvgP8WwLeTtjTSbBluFYhozqIMraNPV`,
			},
		},
	}
}
