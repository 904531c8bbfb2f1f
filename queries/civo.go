package queries

// Civo credentials.
func civoRules() []*Rule {
	return []*Rule{
		{
			ID:          "civo-api-key",
			Description: "Civo API key next to its name",
			Severity:    High,
			Provider:    "Civo",
			Peers:       []string{"civo-api-key"},
			Keywords:    []string{"civo"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("civo"), `([A-Za-z0-9]{50})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.5,
			TruePositives: []string{
				`CIVO_API_KEY=s4olPXA5nVdItPKNGE8yb068yg53KTOdkj6hn3Cp8UeRMPJ0K3`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","civo_token":"eyijHKMx1vvdrOU0GZhMdtEjHs3zTUa0ygmUxXDMdE6fLB4bM4"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync civo_secret=QKxholtsi5VWrWsAiuxoViAuElGRynDzqfhe6uaUBL8Hg0tlBy attempt=2`,
			},
			FalsePositives: []string{
				`CIVO_API_KEY=${CIVO_API_KEY}`,
				`civo_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"`,
				`xcivoish_ref=WWOyZIvcA3dBWmjUWyW4xT0tGqdEEe6zlSU8pMcv0dzAiKMoU6`,
			},
		},
	}
}
