package queries

// Disqus credentials.
func disqusRules() []*Rule {
	return []*Rule{
		{
			ID:          "disqus-api-key",
			Description: "Disqus API secret next to its name",
			Severity:    High,
			Provider:    "Disqus",
			Peers:       []string{"disqus-api-key"},
			Keywords:    []string{"disqus"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("disqus"), `([A-Za-z0-9]{64})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.7,
			TruePositives: []string{
				`DISQUS_API_KEY=gFlZGyYdy8J9z26zATa8eHLZfaVn61N5dnJVi5sktjq9jfylWYUKisaYB48j0WJh`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","disqus_token":"hniMyf0LKCZH9SVlQ7BBcFKDdujtqhzPTHsNL7Q43J0VZUDdI5778hdvKsvqIxQr"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync disqus_secret=WX9LEdpTm0LH2haIPNHP7UUBs6UlONbZxfU8PM6HPRGYEqXkZv0miHSb4ld9qvNj attempt=2`,
			},
			FalsePositives: []string{
				`DISQUS_API_KEY=${DISQUS_API_KEY}`,
				`disqus_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz01"`,
				`xdisqusish_ref=ZeWOUMYJKZUZGbSv7K3xAWFftIBjK8tfTV1q90abT1b6zdpzo2KNkCICu5HGTcLx`,
			},
		},
	}
}
