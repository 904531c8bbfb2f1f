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
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    3.8,
			PreviewPrefix: 4,
			TruePositives: []string{
				`INFRACOST_API_KEY=ico-GClpUmqa1jNWD3qJkG6OLDYqXTpezYp0`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"ico-Zfxq8jLpABpvvVhuOub7ueImFpSX12tv"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer ico-xgPjnPoI1uovDsIsJ6gUHYPFFlVpAl2B`,
			},
			FalsePositives: []string{
				`INFRACOST_API_KEY=ico-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`INFRACOST_API_KEY=ico-0123456789ABCDEFGHIJKLMNOPQRSTUV`,
				`INFRACOST_API_KEY=ico-hgt2NqNrADaGw8zB8ne4lYJJfoSw2`,
			},
		},
	}
}
