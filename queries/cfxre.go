package queries

// Cfx.re credentials.
func cfxreRules() []*Rule {
	return []*Rule{
		{
			ID:            "cfxre-server-key",
			Description:   "Cfx.re (FiveM / RedM) server license key",
			Severity:      Critical,
			Provider:      "Cfx.re",
			Peers:         []string{"cfxre-server-key"},
			Keywords:      []string{"cfxk_"},
			Regex:         `(cfxk_[A-Za-z0-9_-]{20,100})(?:[^A-Za-z0-9_-]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.0,
			PreviewPrefix: 5,
			TruePositives: []string{
				`sv_licenseKey=cfxk_yB61tCnvVSVSHRsbjrnl_lklTla`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"cfxk_cl0Ianp66bQbdxkDoWIa_5CODW3"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer cfxk_E6gLld8PIqyHgA1XQJQf_dS9zsX`,
			},
			FalsePositives: []string{
				`sv_licenseKey=cfxk_xxxxxxxxxxxxxxxxxxxx_xxxxxx`,
				`sv_licenseKey=cfxk_0123456789ABCDEFGHIJ_012345`,
			},
		},
	}
}
