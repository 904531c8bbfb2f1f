package queries

func rootlyRules() []*Rule {
	return []*Rule{
		{
			ID: "rootly-api-key", Description: "Rootly API key", Severity: High,
			Provider: "Rootly", Peers: []string{"rootly-api-key.1"},
			Keywords:   []string{"rootly_"},
			Regex:      `(rootly_[a-f0-9]{64})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.5, PreviewPrefix: 7,
			TruePositives: []string{
				`ROOTLY_API_TOKEN=rootly_4404f164378df2ccdf540001134acab98f49a8b7c44120ea1cd0c423b962ad9c`,
				`ts=2026-12-07T09:14:03Z level=warn msg="deploy step" api_key=rootly_de080e9fe6c1c4e4694a76aabbd8b1a4393677be5d8e3b217c1bde70cb24af04`,
			},
			FalsePositives: []string{
				`ROOTLY_API_TOKEN=rootly_<your-token>`,
				`ROOTLY_API_TOKEN=rootly_41f34e04d4bad13908a410699a490216d290b1166011ddb1fcaf3db9747d5`,
			},
		},
	}
}
