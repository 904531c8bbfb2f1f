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
			MinEntropy:  3.4,
			TruePositives: []string{
				`DEEPSEEK_API_KEY=sk-ff08e67fe1b5202b62b3036c60d94760`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","deepseek_token":"sk-eefe8eaba8022383e31902f88e19c765"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync deepseek_secret=sk-6d525132e4034fd9e74c82aa78605a95 attempt=2`,
			},
			FalsePositives: []string{
				`DEEPSEEK_API_KEY=${DEEPSEEK_API_KEY}`,
				`deepseek_token: "sk-0123456789abcdef0123456789abcdef"`,
				`xdeepseekish_ref=sk-bf23416567b304e1eabf592d5a880a10`,
			},
		},
	}
}
