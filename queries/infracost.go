package queries

// Infracost credentials.
func infracostRules() []*Rule {
	return []*Rule{
		{
			ID:            "infracost-api-token",
			Description:   "Infracost API key",
			Severity:      Critical,
			Provider:      "Infracost",
			Peers:         []string{"infracost-api-token"},
			Keywords:      []string{"ico-"},
			Regex:         `(ico-[A-Za-z0-9]{32})(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, mixedCase},
			MinEntropy:    4.2,
			PreviewPrefix: 4,
			TruePositives: []string{
				`INFRACOST_API_KEY=ico-0pclKrrxowXE0CJGybJXws0rxZkaxUP7`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"ico-Ls9voQgz2rGZz1zM7aQdZyElNUJd9Ldm"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer ico-IyS1gfMcGdtJIsZsZjeZkvNAaYb2c26A`,
			},
			FalsePositives: []string{
				`INFRACOST_API_KEY=ico-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`INFRACOST_API_KEY=ico-0123456789ABCDEFGHIJKLMNOPQRSTUV`,
				`INFRACOST_API_KEY=ico-HHeh18Xf4fPWfmu3nT79YXl7crA41`,
			},
		},
	}
}
