package queries

// Fastly credentials.
func fastlyRules() []*Rule {
	return []*Rule{
		{
			ID:          "fastly-api-token",
			Description: "Fastly API token next to its name",
			Severity:    High,
			Provider:    "Fastly",
			Peers:       []string{"fastly-api-token"},
			Keywords:    []string{"fastly"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("fastly"), `([A-Za-z0-9_-]{32})(?:[^A-Za-z0-9\-_]|$)`),
			Validators:  []Validator{noRuns, mixedCase},
			MinEntropy:  4.0,
			TruePositives: []string{
				`FASTLY_API_KEY=taPV0Q3zGrwGojXkXLDPhIqcvzJC15VO`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","fastly_token":"MZfCHF9jvvEO-h9Sz6XWV8rq2fJGPIiB"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync fastly_secret=4u82u_9pOwPnXab9vnXTtpRlsiuW7qaq attempt=2`,
			},
			FalsePositives: []string{
				`FASTLY_API_KEY=${FASTLY_API_KEY}`,
				`fastly_token: "0123456789ABCDEFGHIJKLMNOPQRSTUV"`,
				`xfastlyish_ref=9Xu_Gve-dJ55go9HYkXfDsyIThubRy65`,
			},
		},
	}
}
