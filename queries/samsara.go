package queries

func samsaraRules() []*Rule {
	return []*Rule{
		{
			ID: "samsara-api-token", Description: "Samsara API token", Severity: High,
			Provider: "Samsara", Peers: []string{"samsara-api-token.1"},
			Keywords:   []string{"samsara_api_"},
			Regex:      `(samsara_api_[A-Za-z0-9]{26,32})` + valueEnd,
			Validators: []Validator{twoClasses},
			MinEntropy: 4.0, PreviewPrefix: 12,
			TruePositives: []string{
				`SAMSARA_API_TOKEN=samsara_api_eE4zyPyUWsyy0TDUeyDTTgKM1pEta8`,
				`{"level":"error","msg":"webhook delivery","token":"samsara_api_xLuVkhelyLyoF0pD95lexoox0u0sBB"}`,
			},
			FalsePositives: []string{
				`SAMSARA_API_TOKEN=samsara_api_<your-token>`,
				`SAMSARA_API_TOKEN=samsara_api_fIPlMQPBCGjouPVU97ReKISHM`,
			},
		},
	}
}
