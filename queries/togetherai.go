package queries

func togetherAIRules() []*Rule {
	return []*Rule{
		{
			ID: "togetherai-api-key", Description: "Together AI API key", Severity: High,
			Provider: "Together AI", Peers: []string{"togetherai-api-key"},
			Keywords:   []string{"tgp_v1_"},
			Regex:      `(tgp_v1_[A-Za-z0-9_-]{43})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0, PreviewPrefix: 7,
			TruePositives: []string{
				`TOGETHER_API_KEY=tgp_v1_FYJ1qtOPxv2MeSfwAo1qyzK9VQKr-dwesI5uA_MbGuT`,
				`ts=2026-12-07T09:14:03Z level=warn msg="webhook delivery" api_key=tgp_v1_y6KG2nbGJGvRXlaTZyPxuHSsm0NQJZ_Qxv2bY0VNOnc`,
			},
			FalsePositives: []string{
				`TOGETHER_API_KEY=tgp_v1_<your-token>`,
				`TOGETHER_API_KEY=tgp_v1_CovqCVjH0fmCcc-6LOpzRhyiS9GofW04uimTcqj7`,
			},
		},
	}
}
