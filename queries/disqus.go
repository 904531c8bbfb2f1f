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
			MinEntropy:  4.3,
			TruePositives: []string{
				`DISQUS_API_KEY=DWpj57CyaLcadIR05PBjOx1ZuXrcwJOAHsB260hNDaEU1NYOTgJrqtOVAQANOtE7`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","disqus_token":"USKcsgUxPEvPpmzGiIlYYGT8eIUqiRCc8KjtScIIQHYCvG8x1EVnyD4cuQCdjjRU"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync disqus_secret=2xjOtAgYFtplq1fzZsfeos4S7jOoQEsWv3bhEyUVIi01bEnXFzHCdMT3loHQiuXj attempt=2`,
			},
			FalsePositives: []string{
				`DISQUS_API_KEY=${DISQUS_API_KEY}`,
				`disqus_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz01"`,
				`xdisqusish_ref=Brb2x08cnpEmT2YBV9BkMVHedZ0RtY7nABUA6p8gg2Eemox4e46kujraEREoKWFz`,
			},
		},
	}
}
