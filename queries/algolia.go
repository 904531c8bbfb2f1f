package queries

// Algolia credentials.
func algoliaRules() []*Rule {
	return []*Rule{
		{
			ID:          "algolia-api-key",
			Description: "Algolia admin or search API key next to its name",
			Severity:    High,
			Provider:    "Algolia",
			Peers:       []string{"algolia-api-key"},
			Keywords:    []string{"algolia"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("algolia"), `([0-9a-f]{32})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.1,
			TruePositives: []string{
				`ALGOLIA_API_KEY=3595ea8f8e1c3cda01469256c8b8f72b`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","algolia_token":"8a60003d142dc806192434e299777862"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync algolia_secret=47bea14d67daa2f4f0d3226e66431adb attempt=2`,
			},
			FalsePositives: []string{
				`ALGOLIA_API_KEY=${ALGOLIA_API_KEY}`,
				`algolia_token: "0123456789abcdef0123456789abcdef"`,
				`xalgoliaish_ref=6e5d9b6fdfc8fc7c3cb10276410cead4`,
			},
		},
	}
}
