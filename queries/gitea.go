package queries

// Gitea credentials.
func giteaRules() []*Rule {
	return []*Rule{
		{
			ID:          "gitea-access-token",
			Description: "Gitea access token next to its name",
			Severity:    High,
			Provider:    "Gitea",
			Peers:       []string{"gitea-access-token"},
			Keywords:    []string{"gitea"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("gitea"), `([0-9a-f]{40})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.2,
			TruePositives: []string{
				`GITEA_API_KEY=4531a4fe56aeef10af94ef62a090e0a5091b2463`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","gitea_token":"d21b60db9b966588f81ed1e38c970c2c286e0141"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync gitea_secret=23e5279faa994cfeb6e2da1b56298a8423aeb44d attempt=2`,
			},
			FalsePositives: []string{
				`GITEA_API_KEY=${GITEA_API_KEY}`,
				`gitea_token: "0123456789abcdef0123456789abcdef01234567"`,
				`xgiteaish_ref=0f3a0d49909ade7c2d640ada397bfdac86d9396a`,
			},
		},
	}
}
