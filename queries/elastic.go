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
				`EC_API_KEY=essu_94k9i7ByvplsMh0fVLazuy42LLCEOUgh69gaOupSKkmLBc7WoRE8QU8KuU3UqgcnzyuHD3gZ`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"essu_E3Yvk1hGEarFzo1Z7X9RXTfcMg4AM7WATRSva9zNWbS0KxwLyTdC3NwLL0mljNgFO"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer essu_CATdKL1A7oYOj0HCcqgzLWNOR7hzk81tWuIOKwf242FJFS6Se9Yhw9zHr2UF9DvY4-Z`,
			},
			FalsePositives: []string{
				`EC_API_KEY=essu_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`EC_API_KEY=essu_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwx`,
				`EC_API_KEY=essu_EL5RyFpHHnEOZWPGt371bCke36NZDXiudeXOC9h0Flgx1gtbRAqK6tPcV`,
			},
		},
	}
}
