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
			MinEntropy:    3.7,
			PreviewPrefix: 5,
			TruePositives: []string{
				`sv_licenseKey=cfxk_hzHHRA4Iu0VbPgnThn4C_T6TXaZ`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"cfxk_r5XAhs1MUWGpPC2bwiXz_ZDwejy"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer cfxk_vEyDTYOY6pasKp8UiLeO_VVSgoP`,
			},
			FalsePositives: []string{
				`sv_licenseKey=cfxk_xxxxxxxxxxxxxxxxxxxx_xxxxxx`,
				`sv_licenseKey=cfxk_0123456789ABCDEFGHIJ_012345`,
			},
		},
	}
}
