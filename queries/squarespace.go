package queries

func squarespaceRules() []*Rule {
	return []*Rule{
		{
			ID: "squarespace-access-token", Description: "Squarespace API key next to its name", Severity: High,
			Provider: "Squarespace", Peers: []string{"squarespace-access-token"},
			Keywords:   []string{"squarespace", "SQUARESPACE", "Squarespace", "SquareSpace"},
			Regex:      assigned(namedCredential(`(?:squarespace|SQUARESPACE|Squarespace|SquareSpace)`), `([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})`+valueEnd),
			MinEntropy: 3.0,
			TruePositives: []string{
				`SQUARESPACE_API_KEY=217e6d77-8ace-4f6a-b7e2-0511c33dc9ac`,
				`{"level":"info","msg":"retrying call","squarespace_token":"173d73c6-cc9a-0ba4-64df-e767200387dd"}`,
			},
			FalsePositives: []string{
				`SQUARESPACE_API_KEY=${SQUARESPACE_API_KEY}`,
			},
		},
	}
}
