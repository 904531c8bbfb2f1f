package queries

func stabilityAIRules() []*Rule {
	return []*Rule{
		{
			ID: "stability-ai-api-key", Description: "Stability AI API key next to its name", Severity: High,
			Provider: "Stability AI", Peers: []string{"stability-ai-api-key"},
			Keywords:   []string{"stability", "STABILITY", "Stability"},
			Regex:      assigned(namedCredential(`(?:stability|STABILITY|Stability)`), `(sk-[A-Za-z0-9]{48})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0,
			TruePositives: []string{
				`STABILITY_API_KEY=sk-1w9qo0Y1DkS8l4klDeiVcU3FJPDVbBO812h17Fi9Dz1baGJc`,
				`  stability_key: "sk-KzGFqbK3fQ8vXDjjzhjPi15GWF1nHpPrUr5p85bDRjWqRDAs"`,
			},
			FalsePositives: []string{
				`STABILITY_API_KEY=${STABILITY_API_KEY}`,
				`STABILITY_API_KEY=sk-abcdefghijklmnopqrstuvwxyz0123456789abcdefghijkl`,
			},
		},
	}
}
