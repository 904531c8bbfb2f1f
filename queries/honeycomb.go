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
			MinEntropy:  3.2,
			TruePositives: []string{
				`HONEYCOMB_API_KEY=ydqQk4ugdC70qA4IC12ycN`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","honeycomb_token":"2KYhsPcViQXyZ0dsKuCCAs"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync honeycomb_secret=cJRV4MdEwPaJOImh20AE1U attempt=2`,
			},
			FalsePositives: []string{
				`HONEYCOMB_API_KEY=${HONEYCOMB_API_KEY}`,
				`honeycomb_token: "0123456789ABCDEFGHIJKL"`,
				`xhoneycombish_ref=gtSxwIKeA2GtD4J9GGzHOJ`,
			},
		},
	}
}
