package queries

// Vercel tokens with a kind prefix: vcp_ personal, vci_ integration, vca_/vcr_ app access and refresh, vck_ AI Gateway.
func vercelRules() []*Rule {
	return []*Rule{
		{
			ID: "vercel-personal-access-token", Description: "Vercel personal access token", Severity: Critical,
			Provider: "Vercel", Peers: []string{"vercel-personal-access-token"},
			Keywords:   []string{"vcp_"},
			Regex:      `(vcp_[A-Za-z0-9_-]{56})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0, PreviewPrefix: 4,
			TruePositives: []string{
				`VERCEL_TOKEN=vcp_VGNEUCObEbhBu4ZEZrEhbqGBuGuOLIfyDOtpepfJntQ4Lj7tCeSrzPID`,
				`Authorization: Bearer vcp_WyXan9OHKdDLJJs438NRJbUyk6PCkmCzOw6zwwiKjS2QXsLVQJBzmrVw`,
			},
			FalsePositives: []string{
				`VERCEL_TOKEN=vcp_<your-token>`,
				`VERCEL_TOKEN=vcp_MdMSKrQPU4TT43WHzrAlyf2Ra1cMixDsllXIbyTAaGdWAbsXHWRaM`,
			},
		},
		{
			ID: "vercel-integration-token", Description: "Vercel integration token", Severity: High,
			Provider: "Vercel", Peers: []string{"vercel-integration-token"},
			Keywords:   []string{"vci_"},
			Regex:      `(vci_[A-Za-z0-9_-]{56})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0, PreviewPrefix: 4,
			TruePositives: []string{
				`VERCEL_INTEGRATION_TOKEN=vci_Deri6TL45Me6WlmuMS3NmLyMKrr6zd3VkOT4sLpxybLSCG0PUthmbCp8`,
				`{"level":"error","msg":"request failed","token":"vci_Cuivfhb1kzPoxhruQXoWTtqlaO9vjWdsDgtAEVBS3Xvu30o7Ymnf1KIG"}`,
			},
			FalsePositives: []string{
				`VERCEL_INTEGRATION_TOKEN=vci_<your-token>`,
				`VERCEL_INTEGRATION_TOKEN=vci_zxWXp5gRWWNgYbq1f61ArRNREbc0gjBZAgmPG80cu8aZc8MVTdlO2`,
			},
		},
		{
			ID: "vercel-app-access-token", Description: "Vercel app access token", Severity: High,
			Provider: "Vercel", Peers: []string{"vercel-app-access-token"},
			Keywords:   []string{"vca_"},
			Regex:      `(vca_[A-Za-z0-9_-]{56})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0, PreviewPrefix: 4,
			TruePositives: []string{
				`VERCEL_APP_ACCESS_TOKEN=vca_H6GmbrX1ZHsL5vScz7S44M0T8nWKjP3WRUkdk2IEXT6BIUBnteSJRzCA`,
				`{"level":"error","msg":"sync job","token":"vca_mBI7RLGHgdB6bKdjcI2U6qlZ3vUKY4SAxwn8QL9kyvjgoSY7yZBN185j"}`,
			},
			FalsePositives: []string{
				`VERCEL_APP_ACCESS_TOKEN=vca_<your-token>`,
				`VERCEL_APP_ACCESS_TOKEN=vca_1JN1BLcJeOWt4l36BcXqaoFAyGnaFCiMJI2MlmYOkcgjcZZFMaplr`,
			},
		},
		{
			ID: "vercel-app-refresh-token", Description: "Vercel app refresh token", Severity: High,
			Provider: "Vercel", Peers: []string{"vercel-app-refresh-token"},
			Keywords:   []string{"vcr_"},
			Regex:      `(vcr_[A-Za-z0-9_-]{56})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0, PreviewPrefix: 4,
			TruePositives: []string{
				`VERCEL_APP_REFRESH_TOKEN=vcr_plfJyykoNGOnLiA25xz9Q0FjklHp0OYYbtveEKEIXGHKhCuV7RZttGwc`,
				`GET /v1/account?key=vcr_XeuJFATepFdzZQcyiuh2y296HKgAuEyhGlgYQR9FV7Mq2n7r4M7FcDjc&page=2 HTTP/1.1 401`,
			},
			FalsePositives: []string{
				`VERCEL_APP_REFRESH_TOKEN=vcr_<your-token>`,
				`VERCEL_APP_REFRESH_TOKEN=vcr_XumafzdG5DyoL5RimAqP5zejNvcDZrhU5gv46yNYJYUDdm8KbmXag`,
			},
		},
		{
			ID: "vercel-ai-gateway-key", Description: "Vercel AI Gateway API key", Severity: High,
			Provider: "Vercel", Peers: []string{"vercel-ai-gateway-key"},
			Keywords:   []string{"vck_"},
			Regex:      `(vck_[A-Za-z0-9_-]{56})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0, PreviewPrefix: 4,
			TruePositives: []string{
				`AI_GATEWAY_API_KEY=vck_jM0t1VfR2LstcEZxTBaZRg6hvekzruPy0hcan9ubzI3pIH121cA6VkHQ`,
				`{"level":"error","msg":"client init","token":"vck_XYBn45CS7Gojoq5ZZg2nrZ4B0MnOH0aNditjgt8bztXS9PqaHq7FwmQq"}`,
			},
			FalsePositives: []string{
				`AI_GATEWAY_API_KEY=vck_<your-token>`,
				`AI_GATEWAY_API_KEY=vck_uRVgCW8AG74ES7U9zMzLZICGd5RhPdYLa627L70xMBqXMNziKgTo9`,
			},
		},
	}
}
