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
				`GREPTILE_API_KEY=dgOLRAzXy7rS2M8NofUP2uTvV7xqEtUd4T2eDhfAXDqhIbP4`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","greptile_token":"/y5INedGp9mzfjbNtTjd6iz8Zx6wzSBGaYWdc7n/hcTxyBK5"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync greptile_secret=S6FX0sCwPTj0P0UkGRTb0gim7qFSY3QyYRQEg/z/5DRRnQ5f attempt=2`,
			},
			FalsePositives: []string{
				`GREPTILE_API_KEY=${GREPTILE_API_KEY}`,
				`greptile_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijkl"`,
				`xgreptileish_ref=4Q7evEXhWEpj0q+IuG5wRO/in64DWQpkL7itNWSzYIPOr9t8`,
			},
		},
	}
}
