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
			MinEntropy:  4.7,
			TruePositives: []string{
				`COINBASE_API_KEY=t7_1Fk5z3Z2CZTCKFxsaz8zPfSkkJP3BYgTVlRih0CESCisHFEJwgmlwP7hHuESP`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","coinbase_token":"ocltB_zaGa1_B3mgLJRYgKzci9II15REkb7Pik9V7Q8csRNDkLU029K9xpm0CfL3"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync coinbase_secret=IRxNI95-2ngZ_X8poNGotFlSgnp8LHLpcN57E7aeNckMkbYyEMlyxv7Gia-1jpsB attempt=2`,
			},
			FalsePositives: []string{
				`COINBASE_API_KEY=${COINBASE_API_KEY}`,
				`coinbase_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz01"`,
				`xcoinbaseish_ref=_tYB9JTeaFpWfzdj6v_LedCi2wyM_4lb_SM3kCPw55iEU1ssl_XEBqUuliDz3o0u`,
			},
		},
	}
}
