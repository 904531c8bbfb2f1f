package queries

// Onfido live API tokens, one prefix per region (EU, US, CA).
func onfidoRules() []*Rule {
	return []*Rule{
		{
			ID: "onfido-live-api-token", Description: "Onfido live API token", Severity: Critical,
			Provider: "Onfido", Peers: []string{"onfido-live-api-token-eu", "onfido-live-api-token-us", "onfido-live-api-token-ca"},
			Keywords:   []string{"api_live.", "api_live_us.", "api_live_ca."},
			Regex:      `(api_live(?:_us|_ca)?\.[A-Za-z0-9_-]{20,80})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0, PreviewPrefix: 8,
			TruePositives: []string{
				`ONFIDO_API_TOKEN=api_live.rt8E0JeqXcm2_HLjFomKmEJ1-thA2_GZgzhtA4ti`,
				`{"level":"error","msg":"webhook delivery","token":"api_live.3zxUQk5F2_zeiJXwToYCVRYp6U47r7wwC6vnvo-I"}`,
				`{"region":"us","onfido_token":"api_live_us.Kq2Zt9Xb3Lm7Vn4Rc8Wd1Yf6Gh0JpS5aTe"}`,
			},
			FalsePositives: []string{
				`ONFIDO_API_TOKEN=api_live<your-token>`,
				`ONFIDO_API_TOKEN=api_live.SX7EhBLP3HyvRtIB_c-`,
			},
		},
	}
}
