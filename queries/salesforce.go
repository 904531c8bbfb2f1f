package queries

// Salesforce session and OAuth access tokens: the 15-character org id (00D…), "!", then the session part.
func salesforceRules() []*Rule {
	return []*Rule{
		{
			ID: "salesforce-access-token", Description: "Salesforce access token", Severity: Critical,
			Provider: "Salesforce", Peers: []string{"salesforce-access-token.1"},
			Keywords:   []string{"00D"},
			Regex:      `(00D[A-Za-z0-9]{12}![A-Za-z0-9._-]{80,260})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0, PreviewPrefix: 3,
			TruePositives: []string{
				`SF_ACCESS_TOKEN=00DLDgSEt6p5eHj!QxOcsC78klpST3G2RXyK.oisK13VD1629s2qmHvUVMK8lugzmgtwXR3IOj79uHZ_3MpMFFu0jfFizaveQXvxSAmKYJszL-wKx`,
				`GET /v1/account?key=00DrwdJK4ijYNts!u3O4DG3EgsVuE5TQyK3E.Gqy6QQ2dBtigRUv2Il3cIwmcmpJOE_qEbgWWMmM3t1QnrIciECVu_6h0FsdI96PrqcV7jlK-jWXa&page=2 HTTP/1.1 401`,
			},
			FalsePositives: []string{
				`SF_ACCESS_TOKEN=00D<your-token>`,
				`SF_ACCESS_TOKEN=00DuPYu0OyAWOr0!JTQWuQ2ZaP7zG1FoFOgfPgRWAVBNR2zooIgISeD1`,
			},
		},
	}
}
