package queries

// SettleMint personal, application and service access tokens.
func settleMintRules() []*Rule {
	return []*Rule{
		{
			ID: "settlemint-personal-access-token", Description: "SettleMint personal access token", Severity: High,
			Provider: "SettleMint", Peers: []string{"settlemint-personal-access-token"},
			Keywords:   []string{"sm_pat_"},
			Regex:      `(sm_pat_[A-Za-z0-9]{16})` + valueEnd,
			Validators: []Validator{twoClasses},
			MinEntropy: 3.0, PreviewPrefix: 7,
			TruePositives: []string{
				`SETTLEMINT_PAT=sm_pat_bQ8dmbzwmeyRTkSR`,
				`Authorization: Bearer sm_pat_T2w6scTCpjoEYqVw`,
			},
			FalsePositives: []string{
				`SETTLEMINT_PAT=sm_pat_<your-token>`,
				`SETTLEMINT_PAT=sm_pat_5resLoYCd0mmW`,
			},
		},
		{
			ID: "settlemint-application-access-token", Description: "SettleMint application access token", Severity: High,
			Provider: "SettleMint", Peers: []string{"settlemint-application-access-token"},
			Keywords:   []string{"sm_aat_"},
			Regex:      `(sm_aat_[A-Za-z0-9]{16})` + valueEnd,
			Validators: []Validator{twoClasses},
			MinEntropy: 3.0, PreviewPrefix: 7,
			TruePositives: []string{
				`SETTLEMINT_ACCESS_TOKEN=sm_aat_uzOWpZEqr1a0LV2I`,
				`Authorization: Bearer sm_aat_J6lSadwEBKzv2w4s`,
			},
			FalsePositives: []string{
				`SETTLEMINT_ACCESS_TOKEN=sm_aat_<your-token>`,
				`SETTLEMINT_ACCESS_TOKEN=sm_aat_n6hXSHPrSTbG0`,
			},
		},
		{
			ID: "settlemint-service-access-token", Description: "SettleMint service access token", Severity: High,
			Provider: "SettleMint", Peers: []string{"settlemint-service-access-token"},
			Keywords:   []string{"sm_sat_"},
			Regex:      `(sm_sat_[A-Za-z0-9]{16})` + valueEnd,
			Validators: []Validator{twoClasses},
			MinEntropy: 3.0, PreviewPrefix: 7,
			TruePositives: []string{
				`SETTLEMINT_SERVICE_TOKEN=sm_sat_8CsexIzmayXIrW9I`,
				`{"level":"error","msg":"deploy step","token":"sm_sat_eWjKaS47XIvAhTsR"}`,
			},
			FalsePositives: []string{
				`SETTLEMINT_SERVICE_TOKEN=sm_sat_<your-token>`,
				`SETTLEMINT_SERVICE_TOKEN=sm_sat_HJKF93EmNTPTF`,
			},
		},
	}
}
