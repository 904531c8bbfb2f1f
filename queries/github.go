package queries

func githubRules() []*Rule {
	return []*Rule{{
		ID:            "github-pat",
		Description:   "GitHub personal access token (classic)",
		Severity:      Critical,
		Keywords:      []string{"ghp_"},
		Regex:         `\b(ghp_[0-9A-Za-z]{36})\b`,
		PreviewPrefix: 4,
		TruePositives: []string{
			`Authorization: token ghp_R6X2Gm5Vp0S7d3Lq9Kf1Zb8Ny4Tw6Jh2Ae0c`,
			`GET /repos?access_token=ghp_R6X2Gm5Vp0S7d3Lq9Kf1Zb8Ny4Tw6Jh2Ae0c&page=2`,
		},
		FalsePositives: []string{`token=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`},
	}}
}
