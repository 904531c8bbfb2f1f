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
				`BITLY_API_KEY=4f3b9ef319488a36eac334a34553bfaa7ce6a53d`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","bitly_token":"6a264910d57a81b0f3534e40e61be31e1d421991"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync bitly_secret=3bffcf21cc8c736dd6883ca79cb6e972698794d5 attempt=2`,
			},
			FalsePositives: []string{
				`BITLY_API_KEY=${BITLY_API_KEY}`,
				`bitly_token: "0123456789abcdef0123456789abcdef01234567"`,
				`xbitlyish_ref=235de72dc722f803f847bd5d106c15e70180324b`,
			},
		},
	}
}
