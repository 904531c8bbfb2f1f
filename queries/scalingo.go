package queries

func scalingoRules() []*Rule {
	return []*Rule{
		{
			ID: "scalingo-api-token", Description: "Scalingo API token", Severity: High,
			Provider: "Scalingo", Peers: []string{"scalingo-api-token"},
			Keywords:   []string{"tk-us-"},
			Regex:      `(tk-us-[A-Za-z0-9_-]{48})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0, PreviewPrefix: 6,
			TruePositives: []string{
				`SCALINGO_API_TOKEN=tk-us-sjkQmIt7jlc3K9XryGRhElvLhlrGV0Z3m644aR7OyRUU7GM8`,
				`ts=2026-12-07T09:14:03Z level=warn msg="config loaded" api_key=tk-us-ZKpwoI6qhpQktcmrVjioAH4eesT6yuvEvKoYpbldcrXOc6Kd`,
			},
			FalsePositives: []string{
				`SCALINGO_API_TOKEN=tk-us-<your-token>`,
				`SCALINGO_API_TOKEN=tk-us-sbgAWDtH-bUrBApM5zD6WXGc8IEz0dd8h_mzsUeoBMe13`,
			},
		},
	}
}
