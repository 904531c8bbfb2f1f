package queries

func shippoRules() []*Rule {
	return []*Rule{
		{
			ID: "shippo-api-token", Description: "Shippo API token (live or test)", Severity: High,
			Provider: "Shippo", Peers: []string{"shippo-api-token"},
			Keywords:   []string{"shippo_live_", "shippo_test_"},
			Regex:      `(shippo_(?:live|test)_[a-fA-F0-9]{40})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.2, PreviewPrefix: 7,
			TruePositives: []string{
				`SHIPPO_API_TOKEN=shippo_live_f0992d0890b2b45b9cfc393c7c363e00928b3e03`,
				`Authorization: Bearer shippo_live_60d603f39e192ce9c69aaac9cec0ebce6b76b8ac`,
			},
			FalsePositives: []string{
				`SHIPPO_API_TOKEN=shippo_<your-token>`,
				`SHIPPO_API_TOKEN=shippo_live_720e9e38b677ef15044b8f40ed9a05d708fa0`,
			},
		},
	}
}
