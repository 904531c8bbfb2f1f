package queries

func snykRules() []*Rule {
	return []*Rule{
		{
			ID: "snyk-api-token", Description: "Snyk API or OAuth token next to its name", Severity: High,
			Provider: "Snyk", Peers: []string{"snyk-api-token"},
			Keywords:   []string{"snyk", "SNYK", "Snyk"},
			Regex:      assigned(namedCredential(`(?:snyk|SNYK|Snyk)`), `([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})`+valueEnd),
			MinEntropy: 3.0,
			TruePositives: []string{
				`SNYK_TOKEN=15eb74cd-d596-ad88-85be-f189630d47f1`,
				`  snyk_api_token: "6c8c70f1-5525-b431-e999-037c1f3df67a"`,
			},
			FalsePositives: []string{
				`SNYK_TOKEN=${SNYK_TOKEN}`,
			},
		},
	}
}
