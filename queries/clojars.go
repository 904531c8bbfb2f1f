package queries

// Clojars credentials.
func clojarsRules() []*Rule {
	return []*Rule{
		{
			ID:            "clojars-api-token",
			Description:   "Clojars deploy token",
			Severity:      Critical,
			Provider:      "Clojars",
			Peers:         []string{"clojars-api-token"},
			Keywords:      []string{"CLOJARS_"},
			Regex:         `(CLOJARS_[A-Za-z0-9]{60})(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.6,
			PreviewPrefix: 8,
			TruePositives: []string{
				`CLOJARS_PASSWORD=CLOJARS_s3x0sus2gx0c6rk6ai9pql798q7o23jh2cr4lrm0l28ea0ch1yyfz68h2dzb`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"CLOJARS_6ms9urgfsu9hodqosoiaa0uenv0im4vogdobqatx5g35xdu1tnxtq4kc6guf"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer CLOJARS_147latnby2s8u0xosslxssd4oscrdzvna0henhb6m5xginif4acykat47epr`,
			},
			FalsePositives: []string{
				`CLOJARS_PASSWORD=CLOJARS_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`CLOJARS_PASSWORD=CLOJARS_0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmn`,
				`CLOJARS_PASSWORD=CLOJARS_oayoacngt81s9ejl2bxg0y69rqcahnp5h3hiqr4ykl06wyu5fea32yiod`,
			},
		},
	}
}
