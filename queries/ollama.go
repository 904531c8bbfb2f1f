package queries

func ollamaRules() []*Rule {
	return []*Rule{
		{
			ID: "ollama-api-key", Description: "Ollama API key next to its name", Severity: High,
			Provider: "Ollama", Peers: []string{"ollama-api-key"},
			Keywords:   []string{"ollama", "OLLAMA", "Ollama"},
			Regex:      assigned(namedCredential(`(?:ollama|OLLAMA|Ollama)`), `([a-f0-9]{32}\.[A-Za-z0-9_-]{24})`+valueEnd),
			MinEntropy: 3.8,
			TruePositives: []string{
				`OLLAMA_API_KEY=202277cf9229330c53d04f4d444bac6d.7mT2yI3mailZnlDY7842wTKe`,
				`  ollama_api_key: "6d2b2b3eeb867f4a0f4b898cd197340d.UHV0CiMbnI9bF2zX0YLgsUPn"`,
			},
			FalsePositives: []string{
				`OLLAMA_API_KEY=${OLLAMA_API_KEY}`,
				`OLLAMA_API_KEY=0123456789abcdef0123456789abcdef.abcdefghijklmnopqrstuvwx`,
			},
		},
	}
}
