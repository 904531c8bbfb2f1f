package queries

// Bitly credentials.
func bitlyRules() []*Rule {
	return []*Rule{
		{
			ID:          "bitly-access-token",
			Description: "Bitly access token next to its name",
			Severity:    High,
			Provider:    "Bitly",
			Peers:       []string{"bitly-access-token"},
			Keywords:    []string{"bitly"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("bitly"), `([0-9a-f]{40})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.2,
			TruePositives: []string{
				`BITLY_API_KEY=35ad8bb16ff886982cb6f6ab92f3fecb61b06a21`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","bitly_token":"3015a863098370430a44f72b749897c1f848e558"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync bitly_secret=df907efbd055ced5e0c855975096739eca10841c attempt=2`,
			},
			FalsePositives: []string{
				`BITLY_API_KEY=${BITLY_API_KEY}`,
				`bitly_token: "0123456789abcdef0123456789abcdef01234567"`,
				`xbitlyish_ref=50607a9b7d559b566fc6991ac81a0c5a6086939b`,
			},
		},
	}
}
