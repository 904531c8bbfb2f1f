package queries

func mercuryRules() []*Rule {
	return []*Rule{
		{
			ID: "mercury-production-api-token", Description: "Mercury banking production API token", Severity: Critical,
			Provider: "Mercury", Peers: []string{"mercury-production-api-token"},
			Keywords:   []string{"mercury_production_"},
			Regex:      `(mercury_production_[a-z]{3,6}_[A-Za-z0-9]{40,50}_yrucrem)` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.8, PreviewPrefix: 19,
			TruePositives: []string{
				`MERCURY_API_TOKEN=mercury_production_rma_He2SUvazzrV7LUgnx8MeaQ5Iwkwy8i6eJhxXEpWDvOw5_yrucrem`,
				`Authorization: Bearer mercury_production_rma_Go7VnQJd4187C05ekVUba703uGnBOV0sPPTTckDwbNao_yrucrem`,
			},
			FalsePositives: []string{
				`MERCURY_API_TOKEN=mercury_production_<your-token>`,
				`MERCURY_API_TOKEN=mercury_production_rma_PJYlM3Uw0Ih2n5jT6msphP7ZQsBnD1F44Z05Ua7_yrucrem`,
			},
		},
	}
}
