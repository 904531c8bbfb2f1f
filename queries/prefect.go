package queries

func prefectRules() []*Rule {
	return []*Rule{
		{
			ID: "prefect-api-token", Description: "Prefect Cloud API key", Severity: High,
			Provider: "Prefect", Peers: []string{"prefect-api-token"},
			Keywords:   []string{"pnu_"},
			Regex:      `(pnu_[A-Za-z0-9]{36})` + valueEnd,
			Validators: []Validator{twoClasses},
			MinEntropy: 3.5, PreviewPrefix: 4,
			TruePositives: []string{
				`PREFECT_API_KEY=pnu_ywdF4XPIAoRrfmmCcZgsRX7SZr1Om7mjaKQe`,
				`{"level":"error","msg":"retrying call","token":"pnu_zzekVnhY2OW7JSkfV8svr95AWMEHEnCFbLNx"}`,
			},
			FalsePositives: []string{
				`PREFECT_API_KEY=pnu_<your-token>`,
				`PREFECT_API_KEY=pnu_2Zm4VWWPj206YuaVad3X4SwipQGfm1JTd`,
			},
		},
	}
}
