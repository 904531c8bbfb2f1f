package queries

// Fastly credentials.
func fastlyRules() []*Rule {
	return []*Rule{
		{
			ID:          "fastly-api-token",
			Description: "Fastly API token next to its name",
			Severity:    High,
			Provider:    "Fastly",
			Peers:       []string{"fastly-api-token"},
			Keywords:    []string{"fastly"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("fastly"), `([A-Za-z0-9_-]{32})(?:[^A-Za-z0-9\-_]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.7,
			TruePositives: []string{
				`FASTLY_API_KEY=J-wjO_XlKu65_8DbgDOYCJ5wVd_hgcyx`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","fastly_token":"BFONXZ_IOZyM4MNvP9oMU9tNti01iQ4R"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync fastly_secret=dPZavB7JLw7tLTDIc_CQ3WEK0lqypxkQ attempt=2`,
			},
			FalsePositives: []string{
				`FASTLY_API_KEY=${FASTLY_API_KEY}`,
				`fastly_token: "0123456789ABCDEFGHIJKLMNOPQRSTUV"`,
				`xfastlyish_ref=nToJqrEsHJh1AT0u_Ll9KJfsrqUnvkHt`,
			},
		},
	}
}
