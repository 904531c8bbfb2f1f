package queries

// Adobe credentials.
func adobeRules() []*Rule {
	return []*Rule{
		{
			ID:          "adobe-client-id",
			Description: "Adobe OAuth client id next to its name",
			Severity:    Medium,
			Provider:    "Adobe",
			Peers:       []string{"adobe-client-id"},
			Keywords:    []string{"adobe"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("adobe"), `([0-9a-f]{32})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.0,
			TruePositives: []string{
				`ADOBE_API_KEY=d5ed0a615cf6c7a0c6bdc941cfd34fa8`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","adobe_token":"bcd24db1d5a68ec06808c5f413e1fbf7"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync adobe_secret=5aeb8d2428a564d66b954af811d5f389 attempt=2`,
			},
			FalsePositives: []string{
				`ADOBE_API_KEY=${ADOBE_API_KEY}`,
				`adobe_token: "0123456789abcdef0123456789abcdef"`,
				`xadobeish_ref=c44898901ab1ec9eadaa2b7b161d4905`,
			},
		},
		{
			ID:            "adobe-client-secret",
			Description:   "Adobe OAuth client secret (p8e- format)",
			Severity:      Critical,
			Provider:      "Adobe",
			Peers:         []string{"adobe-client-secret"},
			Keywords:      []string{"p8e-"},
			Regex:         `(p8e-[A-Za-z0-9]{32})(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.2,
			PreviewPrefix: 4,
			TruePositives: []string{
				`ADOBE_CLIENT_SECRET=p8e-NGZtyryS5gXHbBdHON5yi1XOqnOoLB6i`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"p8e-s9NhgLaZ87uBmVd5fsJHFRWgaCzu8SH6"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer p8e-taXvS2F8xKQEg6tHeWujwjRFY178x3d7`,
			},
			FalsePositives: []string{
				`ADOBE_CLIENT_SECRET=p8e-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`ADOBE_CLIENT_SECRET=p8e-0123456789ABCDEFGHIJKLMNOPQRSTUV`,
				`ADOBE_CLIENT_SECRET=p8e-9tTLse6zGAOPwOb5Q4dGKEK2i5tnN`,
			},
		},
	}
}
