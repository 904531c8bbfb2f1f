package queries

// Notion integration tokens: ntn_, eleven digits, then 35 alphanumerics.
func notionRules() []*Rule {
	return []*Rule{
		{
			ID: "notion-api-token", Description: "Notion integration token", Severity: High,
			Provider: "Notion", Peers: []string{"notion-api-token"},
			Keywords:   []string{"ntn_"},
			Regex:      `(ntn_[0-9]{11}[A-Za-z0-9]{35})` + valueEnd,
			Validators: []Validator{twoClasses},
			MinEntropy: 4.0, PreviewPrefix: 4,
			TruePositives: []string{
				`NOTION_TOKEN=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`,
				`Authorization: Bearer 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`,
			},
			FalsePositives: []string{
				`NOTION_TOKEN=ntn_<your-token>`,
				`NOTION_TOKEN=ntn_73307857NGN9aRtCm6RPiI0iQihvH9QIzCsQlM3H`,
			},
		},
	}
}
