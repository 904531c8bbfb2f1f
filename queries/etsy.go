package queries

// Etsy credentials.
func etsyRules() []*Rule {
	return []*Rule{
		{
			ID:          "etsy-open-api-key",
			Description: "Etsy Open API keystring and shared secret next to its name",
			Severity:    High,
			Provider:    "Etsy",
			Peers:       []string{"etsy-open-api-key"},
			Keywords:    []string{"etsy", "x-api-key"},
			IgnoreCase:  true,
			Regex:       assigned(credentialName(`etsy|x-api-`), `([a-z0-9]{24}:[a-z0-9]{10})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.8,
			TruePositives: []string{
				`ETSY_API_KEY=vx2m34erqgg5ufyxb3ijbbfc:6aebv7vibr`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","etsy_token":"gquyps79vssbljyjpw93srte:wc7x54f1yx"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync etsy_secret=mc7rp0tvoiiasd3jhg7om6ci:dna0ojog0v attempt=2`,
				`x-api-key: 1k2bb33c44d55eqr7t6fff9a:a1b2c3d4e5`,
			},
			FalsePositives: []string{
				`ETSY_API_KEY=${ETSY_API_KEY}`,
				`etsy_token: "0123456789abcdefghijklmn:0123456789"`,
				`xetsyish_ref=kgres4qrek2bga7amcaycnh1:0dhoz2kdbc`,
			},
		},
	}
}
