package queries

// Coveralls credentials.
func coverallsRules() []*Rule {
	return []*Rule{
		{
			ID:          "coveralls-personal-api-token",
			Description: "Coveralls repository or personal API token next to its name",
			Severity:    High,
			Provider:    "Coveralls",
			Peers:       []string{"coveralls-personal-api-token"},
			Keywords:    []string{"coveralls"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("coveralls"), `([A-Za-z0-9]{32,37})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.7,
			TruePositives: []string{
				`COVERALLS_API_KEY=QXzYSfUo5PvP62lLpJgPfKyATvOIy7NdXSotL`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","coveralls_token":"L5JReRzkhFH7uRc05gEr1kWSZkFzeSlH"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync coveralls_secret=NNAHxOmAazF8ZFZEH7t44yZpQuORweB3MdLc attempt=2`,
				`coveralls_SECRETTOKEN=q9w8e7r6t5y4u3i2o1p0a9s8d7f6g5h4j3k`,
			},
			FalsePositives: []string{
				`COVERALLS_API_KEY=${COVERALLS_API_KEY}`,
				`coveralls_token: "0123456789ABCDEFGHIJKLMNOPQRSTUV"`,
				`xcoverallsish_ref=2y1QMs7q4K965zWQxXRZUjYjy86V2UOU`,
			},
		},
	}
}
