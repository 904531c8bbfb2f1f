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
				`GUMROAD_API_KEY=4194e29923324aa35b4db0a5395444c9aebe5c360b7e2dfc2cfd6c0d73faa7e8`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","gumroad_token":"535042e97ddfc7d6f5b5486b22b94077e51082a477482d0b39f646faa6b5bf93"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync gumroad_secret=c20d47f6eb7a09bcb1e50a0d9d6221a5ee2ff50599ccb5882c4b0635b188a54a attempt=2`,
			},
			FalsePositives: []string{
				`GUMROAD_API_KEY=${GUMROAD_API_KEY}`,
				`gumroad_token: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"`,
				`xgumroadish_ref=e637999126baaa7e6bbc06aa250f4d9048739b06222cd8d401b0c3bdf7b82b3b`,
			},
		},
	}
}
