package queries

// Gumroad credentials.
func gumroadRules() []*Rule {
	return []*Rule{
		{
			ID:          "gumroad-access-token",
			Description: "Gumroad access token next to its name",
			Severity:    High,
			Provider:    "Gumroad",
			Peers:       []string{"gumroad-access-token"},
			Keywords:    []string{"gumroad"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("gumroad"), `([0-9a-f]{64})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.4,
			TruePositives: []string{
				`GUMROAD_API_KEY=8e43f85ea3d7790679f4247ee910e9a127b722c01c8e486e87d81d2071ba24a0`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","gumroad_token":"6c91ff8c6c9f9669ad8ffa6bb4ad9cc0524791621c88fceab24db5774adbac55"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync gumroad_secret=3ed3b5092326a3aeabd5bafbd0ae9f1dc0f65e7c9f30ecd0ccd5a021dc307f53 attempt=2`,
			},
			FalsePositives: []string{
				`GUMROAD_API_KEY=${GUMROAD_API_KEY}`,
				`gumroad_token: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"`,
				`xgumroadish_ref=17c93be3c7ed4783ee0bfbe0b59baa70286f1b4dc94080dc43ce3056522ba402`,
			},
		},
	}
}
