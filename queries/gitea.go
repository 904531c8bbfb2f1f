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
				`GITEA_API_KEY=6df9789f09fe9aab1a655d7e97d414850a53ff87`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","gitea_token":"36a26d53ba69b0cd904cff7701c8255cc9aa5ecf"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync gitea_secret=d7c8c7f503b9ad1fc2a3d8443700263dcf0c3b16 attempt=2`,
			},
			FalsePositives: []string{
				`GITEA_API_KEY=${GITEA_API_KEY}`,
				`gitea_token: "0123456789abcdef0123456789abcdef01234567"`,
				`xgiteaish_ref=ae7274835fdc566727066c5efbd42d45268dcb77`,
			},
		},
	}
}
