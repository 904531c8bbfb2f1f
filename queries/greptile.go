package queries

// Greptile credentials.
func greptileRules() []*Rule {
	return []*Rule{
		{
			ID:          "greptile-api-key",
			Description: "Greptile API key next to its name",
			Severity:    High,
			Provider:    "Greptile",
			Peers:       []string{"greptile-api-key"},
			Keywords:    []string{"greptile"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("greptile"), `([A-Za-z0-9+/]{48})(?:[^A-Za-z0-9+/]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.1,
			TruePositives: []string{
				`GREPTILE_API_KEY=PLfM9eVQEf/xLlqDc5h3m6bhX/8qocVqn89JQlDgWdG2Q/U2`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","greptile_token":"LOZmxw9rzfWr/ebCzb+6GEG46Mni64oPMElS9eLADhPJEcLf"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync greptile_secret=p8xz0xS/4Ccsf+EXtIQeqx3e7Wyq2KEU9N6eipFOelSA28mr attempt=2`,
			},
			FalsePositives: []string{
				`GREPTILE_API_KEY=${GREPTILE_API_KEY}`,
				`greptile_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijkl"`,
				`xgreptileish_ref=/tSOf7nNaE+q+eOZqRGze5gd9vgK7dUgOtAuC7feF1yNKnuM`,
			},
		},
	}
}
