package queries

// Kagi credentials.
func kagiRules() []*Rule {
	return []*Rule{
		{
			ID:          "kagi-api-key",
			Description: "Kagi API token next to its name",
			Severity:    High,
			Provider:    "Kagi",
			Peers:       []string{"kagi-api-key"},
			Keywords:    []string{"kagi"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("kagi"), `([A-Za-z0-9_-]{11}\.[A-Za-z0-9_-]{43})(?:[^A-Za-z0-9\-_]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.2,
			TruePositives: []string{
				`KAGI_API_KEY=ITPqlJa8pLG.0VCRs2lrruy2vuHtWpOgFIDokXuNNxiKSZpWI24UUaz`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","kagi_token":"P1oxeUBlcI1.5jIaBM5H3iI6ajrIakxJ9NMN3vASMnS5cXnMS5VuVBe"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync kagi_secret=zs42xCIUvgT.ODUBgR7vcLU8165tEoRHOJGApZlyYlRRuNeBOdCd4Wu attempt=2`,
			},
			FalsePositives: []string{
				`KAGI_API_KEY=${KAGI_API_KEY}`,
				`kagi_token: "0123456789A.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg"`,
				`xkagiish_ref=oYNsSFc6arE.AKEelOqw42lWBgjqTSTe8_jXptLFr7Q_8DcLgxlacNd`,
			},
		},
	}
}
