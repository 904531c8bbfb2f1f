package queries

// Moonshot AI (Kimi) credentials.
func kimiRules() []*Rule {
	return []*Rule{
		{
			ID:          "kimi-api-key",
			Description: "Moonshot AI (Kimi) API key next to its name",
			Severity:    High,
			Provider:    "Moonshot AI (Kimi)",
			Peers:       []string{"kimi-api-key"},
			Keywords:    []string{"kimi", "moonshot"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("kimi", "moonshot"), `(sk-[A-Za-z0-9_-]{48})(?:[^A-Za-z0-9\-_]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.2,
			TruePositives: []string{
				`KIMI_API_KEY=sk-qYEEbPgpBhYtsAChZJ4KWxSfvVNhJmiQN_6K-XI9Zo4AUU4N`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","kimi_token":"sk-XEDfXYCeWDXEjL6LEnEP5TkQesO1Psh8Dv2VCgGyhaYgre1d"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync kimi_secret=sk-1YnPZdWVNh6-ffWYbihfc5uEypP-KJf4vUtxGPI4kxRmKZiL attempt=2`,
			},
			FalsePositives: []string{
				`KIMI_API_KEY=${KIMI_API_KEY}`,
				`kimi_token: "sk-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijkl"`,
				`xkimiish_ref=sk-anvgRjVZzyLlmd74KNocPyYtp6T7XvgXssRaCYhTvhfvF2tG`,
			},
		},
	}
}
