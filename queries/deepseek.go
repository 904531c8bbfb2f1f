package queries

// DeepSeek credentials.
func deepseekRules() []*Rule {
	return []*Rule{
		{
			ID:          "deepseek-api-key",
			Description: "DeepSeek API key next to its name",
			Severity:    High,
			Provider:    "DeepSeek",
			Peers:       []string{"deepseek-api-key"},
			Keywords:    []string{"deepseek"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("deepseek"), `(sk-[0-9a-f]{32})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.3,
			TruePositives: []string{
				`DEEPSEEK_API_KEY=sk-3005f140d698a5c96955a1929741e924`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","deepseek_token":"sk-449556320b3db6304ccf382023c8979d"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync deepseek_secret=sk-94ddc22dfa6b57508ebe226e676ee20c attempt=2`,
			},
			FalsePositives: []string{
				`DEEPSEEK_API_KEY=${DEEPSEEK_API_KEY}`,
				`deepseek_token: "sk-0123456789abcdef0123456789abcdef"`,
				`xdeepseekish_ref=sk-0f1f058b2e5f548fa9616c5e88d77565`,
			},
		},
	}
}
