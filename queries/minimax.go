package queries

func miniMaxRules() []*Rule {
	return []*Rule{
		{
			ID: "minimax-api-key", Description: "MiniMax API key", Severity: High,
			Provider: "MiniMax", Peers: []string{"minimax-api-key"},
			Keywords:   []string{"sk-api-"},
			Regex:      `(sk-api-[A-Za-z0-9_-]{119})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0, PreviewPrefix: 7,
			TruePositives: []string{
				`MINIMAX_API_KEY=sk-api-mcj2NSWCnE1HL0-UZ2diydpHPxr2BWB8ReCIsTNcsDa5kzNQGJjFbHDLc6-CfdWqjHJ4aUpIsAJi54oDj-1cpxeUxq0np5yMRioWIgVSWhT8jXHoUKqOzng`,
				`GET /v1/account?key=sk-api-Snv0y0vxHDT3avGDbNNaOn4lOd5v5oBQ59M7N3v85X6u9dtbX_zJ-CBOxhbQpCN0cUuM0dZUMeL6LMGqit3N5Jx2941T2ylOwpLD9qmU307O2cTD09B8Ykk&page=2 HTTP/1.1 401`,
			},
			FalsePositives: []string{
				`MINIMAX_API_KEY=sk-api-<your-token>`,
				`MINIMAX_API_KEY=sk-api-8e56Qn3KwBOWgzxMP6-obCGoZNl6J0Yr-hMhNz9MZ55gB6zSQj9rqp4kXXgKQqBz5f0jRxbo4rXAGzJS40T-sF-cl6ck1gUmlaFuvuvWfRC6KWqKl7tx`,
			},
		},
	}
}
