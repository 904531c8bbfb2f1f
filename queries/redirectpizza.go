package queries

func redirectPizzaRules() []*Rule {
	return []*Rule{
		{
			ID: "redirect-pizza-api-token", Description: "redirect.pizza API token", Severity: Medium,
			Provider: "redirect.pizza", Peers: []string{"redirect-pizza-api-token.1"},
			Keywords:   []string{"rpa_"},
			Regex:      `(rpa_[A-Za-z0-9]{30})` + valueEnd,
			Validators: []Validator{twoClasses},
			MinEntropy: 3.5, PreviewPrefix: 4,
			TruePositives: []string{
				`REDIRECT_PIZZA_TOKEN=rpa_bLIJrgKaO58DWW2A5da7dHjBiHPOwe`,
				`Authorization: Bearer rpa_vKmCwV4sK1RhzYiOE2HII824Rif1ev`,
			},
			FalsePositives: []string{
				`REDIRECT_PIZZA_TOKEN=rpa_<your-token>`,
				`REDIRECT_PIZZA_TOKEN=rpa_0Z1uTpqcIBJMr2wlSx8Ass97psJ`,
			},
		},
	}
}
