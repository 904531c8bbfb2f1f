package queries

// Confluent credentials.
func confluentRules() []*Rule {
	return []*Rule{
		{
			ID:          "confluent-secret-key",
			Description: "Confluent Cloud API secret next to its name",
			Severity:    Critical,
			Provider:    "Confluent",
			Peers:       []string{"confluent-secret-key"},
			Keywords:    []string{"confluent"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("confluent"), `([A-Za-z0-9]{64})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.3,
			TruePositives: []string{
				`CONFLUENT_API_KEY=sZR0J7fc38eHn4MIZJsqZ2MPYdeJkZGvMcuQDlYNsVUgnTAzFOGDy1clYy78dSuB`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","confluent_token":"jwPGSpsaLG9G7EX0bYhqnJKtsHU2tE63EpRQ9tqN7RxZd8EudmiXkiYgACJVWyWw"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync confluent_secret=PbfPyKDJpEC68l0mrSKW3WFJJF6RRdBWYjJfVGcPmwVijkCY0P707ugZurUwpmhf attempt=2`,
			},
			FalsePositives: []string{
				`CONFLUENT_API_KEY=${CONFLUENT_API_KEY}`,
				`confluent_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz01"`,
				`xconfluentish_ref=ecyPSjGWrBRm7sCUoLGyRcxJEdlY433JP4kYQJDGDw6FernanBGPHSmcAA1RgTY6`,
			},
		},
		{
			ID:          "confluent-access-token",
			Description: "Confluent Cloud API key next to its name",
			Severity:    Medium,
			Provider:    "Confluent",
			Peers:       []string{"confluent-access-token"},
			Keywords:    []string{"confluent"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("confluent"), `([A-Za-z0-9]{16})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  2.9,
			TruePositives: []string{
				`CONFLUENT_API_KEY=7PxHJg1jrvF6ZLKX`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","confluent_token":"MbKPPDTT5vBiFexk"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync confluent_secret=voE3HhQjXFwC1l9V attempt=2`,
				`confluent_api_key: "ZQ4KX7PMNB2WR5TY"`,
			},
			FalsePositives: []string{
				`CONFLUENT_API_KEY=${CONFLUENT_API_KEY}`,
				`confluent_token: "0123456789ABCDEF"`,
				`xconfluentish_ref=xqHdK7LiBj7pEcf6`,
			},
		},
	}
}
