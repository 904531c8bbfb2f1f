package queries

func privateAIRules() []*Rule {
	return []*Rule{
		{
			ID: "privateai-api-token", Description: "Private AI API key next to its name", Severity: High,
			Provider: "Private AI", Peers: []string{"privateai-api-token"},
			Keywords:   []string{"privateai", "PRIVATEAI", "Privateai", "privateAI", "PrivateAI", "privateAi", "private_ai", "PRIVATE_AI", "Private_ai", "private-ai", "PRIVATE-AI", "Private-ai"},
			Regex:      assigned(namedCredential(`(?:privateai|PRIVATEAI|Privateai|privateAI|PrivateAI|privateAi|private_ai|PRIVATE_AI|Private_ai|private-ai|PRIVATE-AI|Private-ai)`), `([a-z0-9]{32})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.0,
			TruePositives: []string{
				`PRIVATE_AI_API_KEY=9ed1e4ea01a9e25b342febd30aab32c8`,
				`ts=2026-12-07T09:14:03Z level=debug msg="sync job" privateai_key=f5ec7c1655cf2eb7bdeaa50b6135a9b7`,
			},
			FalsePositives: []string{
				`PRIVATE_AI_API_KEY=${PRIVATE_AI_API_KEY}`,
				`PRIVATE_AI_API_KEY=1bf21bb4fffcaa27d669af133c83c`,
			},
		},
	}
}
