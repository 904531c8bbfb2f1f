package queries

// Bittrex credentials.
func bittrexRules() []*Rule {
	return []*Rule{
		{
			ID:          "bittrex-api-key",
			Description: "Bittrex API key or secret next to its name",
			Severity:    High,
			Provider:    "Bittrex",
			Peers:       []string{"bittrex-access-key", "bittrex-secret-key"},
			Keywords:    []string{"bittrex"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("bittrex"), `([A-Za-z0-9]{32})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.7,
			TruePositives: []string{
				`BITTREX_API_KEY=TIc45xgKyHGETclD9zcWoUiHKww5s43l`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","bittrex_token":"bMnpUweJ6J8Q2eZuI7ggXbkUOhDN2AWg"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync bittrex_secret=oHUO3901Vlaz5jSGrFdlo3PZuLmJ4Z2G attempt=2`,
			},
			FalsePositives: []string{
				`BITTREX_API_KEY=${BITTREX_API_KEY}`,
				`bittrex_token: "0123456789ABCDEFGHIJKLMNOPQRSTUV"`,
				`xbittrexish_ref=PJdEWZKJxmLdqCxpbs3O43nvbaQ63Sn9`,
			},
		},
	}
}
