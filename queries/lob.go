package queries

// Lob print-and-mail API keys: live_/test_ secret keys and live_pub_/test_pub_ publishable keys.
func lobRules() []*Rule {
	return []*Rule{
		{
			ID: "lob-api-key", Description: "Lob secret API key next to its name", Severity: High,
			Provider: "Lob", Peers: []string{"lob-api-key"},
			Keywords:   []string{"live_", "test_"},
			Regex:      assigned(namedCredential(`(?:lob|Lob|LOB)`), `((?:live|test)_[a-f0-9]{35})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.0,
			TruePositives: []string{
				`LOB_API_KEY=live_ca652af63a42ad681b7d1dca308b9d07733`,
				`  lob_api_key: "live_db45fdfdd924ba2ec1886505ef93c663374"`,
			},
			FalsePositives: []string{
				`LOB_API_KEY=${LOB_API_KEY}`,
				`LOB_API_KEY=live_49c32128a3da8f3b50478a620a769d69`,
				`globalKey=live_3f1e6c2a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4`,
			},
		},
		{
			ID: "lob-pub-api-key", Description: "Lob publishable API key next to its name", Severity: Low,
			Provider: "Lob", Peers: []string{"lob-pub-api-key"},
			Keywords:   []string{"live_pub_", "test_pub_"},
			Regex:      assigned(namedCredential(`(?:lob|Lob|LOB)`), `((?:live|test)_pub_[a-f0-9]{31})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.0,
			TruePositives: []string{
				`LOB_PUBLISHABLE_KEY=test_pub_a36a5dc734c342c1784c944465d40a4`,
				`ts=2026-12-07T09:14:03Z level=debug msg="webhook delivery" lobPubKey=test_pub_72021235ab3ea967b29a10cf97bda74`,
			},
			FalsePositives: []string{
				`LOB_PUBLISHABLE_KEY=${LOB_PUBLISHABLE_KEY}`,
				`LOB_PUBLISHABLE_KEY=test_pub_2e52bbd8ba19fe057ec490244b6c`,
			},
		},
	}
}
