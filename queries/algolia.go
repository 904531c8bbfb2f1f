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
				`ALGOLIA_API_KEY=78b89c22a38c81816ed99f2cb01702ab`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","algolia_token":"e3aad2566e4c093a20eae0f7176ab281"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync algolia_secret=a3677ef93c66e6e6201a758d056f2312 attempt=2`,
			},
			FalsePositives: []string{
				`ALGOLIA_API_KEY=${ALGOLIA_API_KEY}`,
				`algolia_token: "0123456789abcdef0123456789abcdef"`,
				`xalgoliaish_ref=a4fd13f49f3f4407a4859df4cb9028b3`,
			},
		},
	}
}
