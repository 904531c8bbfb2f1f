package queries

// Coinbase credentials.
func coinbaseRules() []*Rule {
	return []*Rule{
		{
			ID:          "coinbase-access-token",
			Description: "Coinbase API key or secret next to its name",
			Severity:    High,
			Provider:    "Coinbase",
			Peers:       []string{"coinbase-access-token"},
			Keywords:    []string{"coinbase"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("coinbase"), `([A-Za-z0-9_-]{64})(?:[^A-Za-z0-9\-_]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.3,
			TruePositives: []string{
				`COINBASE_API_KEY=0ikYl7pUKLG4URyZMPJeU61L20NS_zp6sKi0q3y0aR2smCiG1j43dyMetZDwu6a9`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","coinbase_token":"Qz9KFgBuCQTo9jo0DpsE-IymJr4erlJq5kX06k5dFziK1meaZW_whh9cGouEjdUp"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync coinbase_secret=l7-cjoO7szgGr6HAEoW9RfM3y5dql1vBiqo7d7fNAM8y6mZSpQXzhv1NZ5Y6e2iU attempt=2`,
			},
			FalsePositives: []string{
				`COINBASE_API_KEY=${COINBASE_API_KEY}`,
				`coinbase_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz01"`,
				`xcoinbaseish_ref=kVD_EXCbYOWaFrT2C6D7zrHkULh0K6UPepM05hNpHp3rkl9OfW4Csn3nGC1CwaaV`,
			},
		},
	}
}
