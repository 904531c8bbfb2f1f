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
				`DEEPSEEK_API_KEY=sk-37670f0c199d3750322c3f20554746b7`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","deepseek_token":"sk-521a76664ea49ba472021e4e7df8558c"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync deepseek_secret=sk-fd1624bfccd462f35abbc2a43b5c57e8 attempt=2`,
			},
			FalsePositives: []string{
				`DEEPSEEK_API_KEY=${DEEPSEEK_API_KEY}`,
				`deepseek_token: "sk-0123456789abcdef0123456789abcdef"`,
				`xdeepseekish_ref=sk-27656618b7dadb6d6e08fe661ab9c0c1`,
			},
		},
	}
}
