package queries

// Honeycomb credentials.
func honeycombRules() []*Rule {
	return []*Rule{
		{
			ID:          "honeycomb-api-key",
			Description: "Honeycomb API key next to its name",
			Severity:    High,
			Provider:    "Honeycomb",
			Peers:       []string{"honeycomb-api-key"},
			Keywords:    []string{"honeycomb"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("honeycomb"), `([0-9a-f]{32}|[A-Za-z0-9]{22})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.3,
			TruePositives: []string{
				`HONEYCOMB_API_KEY=Xit9f7tmRz1Hku1rRY5WGP`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","honeycomb_token":"it8yaacXu8NieZGuJgoJqh"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync honeycomb_secret=DKf9DVvhu0NcgUl9eJ0nPm attempt=2`,
			},
			FalsePositives: []string{
				`HONEYCOMB_API_KEY=${HONEYCOMB_API_KEY}`,
				`honeycomb_token: "0123456789ABCDEFGHIJKL"`,
				`xhoneycombish_ref=5mJxiFfzLiBO5PKmc86Xhm`,
			},
		},
	}
}
