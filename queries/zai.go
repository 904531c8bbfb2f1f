package queries

// Z.ai (Zhipu GLM) API keys: 32 hex digits, ".", 16 alphanumerics, next to their name.
func zaiRules() []*Rule {
	return []*Rule{
		{
			ID: "zai-api-key", Description: "Z.ai (Zhipu) API key next to its name", Severity: High,
			Provider: "Z.ai", Peers: []string{"zai-api-key"},
			Keywords:   []string{"zai", "ZAI", "Zai", "ZhipuAI", "z_ai", "Z_AI", "Z_ai", "z.ai", "Z.AI", "Z.ai", "zhipu", "ZHIPU", "Zhipu", "glm", "GLM", "Glm"},
			Regex:      assigned(namedCredential(`(?:zai|ZAI|Zai|ZhipuAI|z_ai|Z_AI|Z_ai|z\.ai|Z\.AI|Z\.ai|zhipu|ZHIPU|Zhipu|glm|GLM|Glm)`), `([a-f0-9]{32}\.[A-Za-z0-9]{16})`+valueEnd),
			MinEntropy: 3.8,
			TruePositives: []string{
				`ZAI_API_KEY=76c7416805ef4ef1b0f4287375a4c8f5.znIMxKUBONEZwZAn`,
				`  zhipuai_api_key: "f0a46f0cd153567731a74b08720a1f64.MIyDdtQbsdynqp8K"`,
			},
			FalsePositives: []string{
				`ZAI_API_KEY=${ZAI_API_KEY}`,
				`ZAI_API_KEY=0123456789abcdef0123456789abcdef.abcdefghijklmnop`,
			},
		},
	}
}
