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
				`GITEA_API_KEY=7a4f09c61ec83db53d81cf0751ec393537f2489c`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","gitea_token":"89471e961b37990370b3bceed53f82a6d0a9fdba"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync gitea_secret=fee95013ecebb241dbad6376688701e6a78f97a1 attempt=2`,
			},
			FalsePositives: []string{
				`GITEA_API_KEY=${GITEA_API_KEY}`,
				`gitea_token: "0123456789abcdef0123456789abcdef01234567"`,
				`xgiteaish_ref=1cc554ebb93fae77a4a1463f55ca73a0c043889f`,
			},
		},
	}
}
