package queries

// Klaviyo credentials.
func klaviyoRules() []*Rule {
	return []*Rule{
		{
			ID:          "klaviyo-api-key",
			Description: "Klaviyo private API key next to its name",
			Severity:    High,
			Provider:    "Klaviyo",
			Peers:       []string{"klaviyo-api-key"},
			Keywords:    []string{"klaviyo"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("klaviyo"), `(pk_[A-Za-z0-9]{34})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.8,
			TruePositives: []string{
				`KLAVIYO_API_KEY=pk_NRa1ssaHXQlaNrVEl5bdFmHz7qKiRGIIMB`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","klaviyo_token":"pk_4EzZAhkao5epa7hhXBm0XbY8XTn54k8977"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync klaviyo_secret=pk_yGVKppHEyTx3WWe95NMdfqPk3cNCisT7B4 attempt=2`,
			},
			FalsePositives: []string{
				`KLAVIYO_API_KEY=${KLAVIYO_API_KEY}`,
				`klaviyo_token: "pk_0123456789ABCDEFGHIJKLMNOPQRSTUVWX"`,
				`xklaviyoish_ref=pk_M7E9ybr2callVQlW54GL0wyR1CuEILI4oT`,
			},
		},
	}
}
