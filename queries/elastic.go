package queries

// Elastic credentials.
func elasticRules() []*Rule {
	return []*Rule{
		{
			ID:            "elastic-cloud-api-key",
			Description:   "Elastic Cloud API key (essu_)",
			Severity:      Critical,
			Provider:      "Elastic",
			Peers:         []string{"elastic-cloud-api-key"},
			Keywords:      []string{"essu_"},
			Regex:         `(essu_[A-Za-z0-9_-]{60,200}={0,2})(?:[^A-Za-z0-9_=-]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.3,
			PreviewPrefix: 5,
			TruePositives: []string{
				`EC_API_KEY=essu_3YWQ-4uP-Nx2WSyU8KPWx8bnXk-GtDfmJmRAd7IXHwlvQeUH5yFvqmdVsdxBdfg88GoE`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"essu_SH7CLYTCC1FjrwbGgRg6tS95eaWSUXPCAyPlUuqoapluD8Uo0XbqspVH9maY"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer essu_juThJQPbg_R1K6p0P6Prk75lOLmAomvonoF6g1CqogA1y3vrFhNMoUsK8rE1m74Zy1Drws7`,
			},
			FalsePositives: []string{
				`EC_API_KEY=essu_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`EC_API_KEY=essu_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwx`,
				`EC_API_KEY=essu_Plj3TdYQ16vCSXjNbMXjr8D4O2_RBbyKNAedPaTRMaOKiAJOBKGBUKT9l`,
			},
		},
	}
}
