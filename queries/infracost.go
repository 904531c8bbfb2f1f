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
			MinEntropy:    3.8,
			PreviewPrefix: 4,
			TruePositives: []string{
				`INFRACOST_API_KEY=ico-fc88lzR96XlQOXqXZSe51ZpBvC8BvyMc`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"ico-JkgsRdEkKRFSSzSF6QCTTJagth5CqHuK"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer ico-SW1awyFSRcHaeSByjvhtzejVqyObpaRM`,
			},
			FalsePositives: []string{
				`INFRACOST_API_KEY=ico-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`INFRACOST_API_KEY=ico-0123456789ABCDEFGHIJKLMNOPQRSTUV`,
				`INFRACOST_API_KEY=ico-toF2NmxeuRQaG1bz6YdySlIhqcvKe`,
				`GET /assets/media/video_box.ico-7a388b69018576d24b59331fd60aab0c.png`,
			},
		},
	}
}
