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
			MinEntropy:  3.9,
			TruePositives: []string{
				`KLAVIYO_API_KEY=pk_4fjt1s3QwwijvAPZBN4Drvx6ZTkqJPOvmz`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","klaviyo_token":"pk_rHuCvWSCB8D0u5UMD3FSuGNcNdzX3tngf1"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync klaviyo_secret=pk_wmoxWbomPZULiyp2QEceDwJNN6MozfSBdR attempt=2`,
			},
			FalsePositives: []string{
				`KLAVIYO_API_KEY=${KLAVIYO_API_KEY}`,
				`klaviyo_token: "pk_0123456789ABCDEFGHIJKLMNOPQRSTUVWX"`,
				`xklaviyoish_ref=pk_XjldDPGOMR6MYnzww6oWoGNvgpKQtcSZs0`,
			},
		},
	}
}
