package queries

func weatherstackRules() []*Rule {
	return []*Rule{
		{
			ID: "weatherstack-api-key", Description: "weatherstack API access key next to its name", Severity: Medium,
			Provider: "weatherstack", Peers: []string{"weatherstack-api-key.1"},
			Keywords:   []string{"weatherstack", "WEATHERSTACK", "Weatherstack"},
			Regex:      assigned(namedCredential(`(?:weatherstack|WEATHERSTACK|Weatherstack)`), `([a-z0-9]{32})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.0,
			TruePositives: []string{
				`WEATHERSTACK_API_KEY=addace8c8bb87dce4fe4ba73442779bf`,
				`  weatherstack_access_key: "0d330ef2875c48edb6c3b6cfa0b4f9d6"`,
			},
			FalsePositives: []string{
				`WEATHERSTACK_API_KEY=${WEATHERSTACK_API_KEY}`,
				`WEATHERSTACK_API_KEY=0123456789abcdef0123456789abcdef`,
			},
		},
	}
}
