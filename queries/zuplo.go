package queries

func zuploRules() []*Rule {
	return []*Rule{
		{
			ID: "zuplo-consumer-api-key", Description: "Zuplo consumer API key", Severity: High,
			Provider: "Zuplo", Peers: []string{"zuplo-consumer-api-key.1"},
			Keywords:   []string{"zpka_"},
			Regex:      `(zpka_[a-z0-9]{32}_[0-9a-f]{8})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.5, PreviewPrefix: 5,
			TruePositives: []string{
				`ZUPLO_API_KEY=zpka_fc8co3k31itsdlj6z3afwlknb1kyvyz8_316324a1`,
				`ts=2026-12-07T09:14:03Z level=warn msg="request failed" api_key=zpka_85auxq0h4b1ifkcczaavnti8pngzg1io_659c43ee`,
			},
			FalsePositives: []string{
				`ZUPLO_API_KEY=zpka_<your-token>`,
				`ZUPLO_API_KEY=zpka_4tk9wic6jl6w9m8oqz4ov7mni1q0h_f1b3d`,
			},
		},
	}
}
