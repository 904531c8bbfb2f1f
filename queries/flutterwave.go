package queries

// Flutterwave credentials.
func flutterwaveRules() []*Rule {
	return []*Rule{
		{
			ID:            "flutterwave-secret-key",
			Description:   "Flutterwave secret key",
			Severity:      Critical,
			Provider:      "Flutterwave",
			Peers:         []string{"flutterwave-secret-key"},
			Keywords:      []string{"FLWSECK_TEST-", "FLWSECK-"},
			Regex:         `(FLWSECK(?:_TEST)?-[a-hA-H0-9]{32}-X)(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    3.8,
			PreviewPrefix: 8,
			TruePositives: []string{
				`FLW_SECRET_KEY=FLWSECK-279e1d7e175fe3082bac768192238097-X`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"FLWSECK-12c72036741c90c2ac75c838430fbbbf-X"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer FLWSECK-c2eb623b364cc2783bab4de9f164337a-X`,
			},
			FalsePositives: []string{
				`FLW_SECRET_KEY=FLWSECK-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-X`,
				`FLW_SECRET_KEY=FLWSECK-0123456789abcdef0123456789abcdef-X`,
			},
		},
		{
			ID:            "flutterwave-encryption-key",
			Description:   "Flutterwave encryption key",
			Severity:      Critical,
			Provider:      "Flutterwave",
			Peers:         []string{"flutterwave-encryption-key"},
			Keywords:      []string{"FLWSECK_TEST", "FLWSECK"},
			Regex:         `(FLWSECK(?:_TEST)?-?[a-fA-F0-9]{12})(?:[^A-Za-z0-9-]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    2.0,
			PreviewPrefix: 7,
			TruePositives: []string{
				`FLW_ENCRYPTION_KEY=FLWSECK_TEST2f0334b6f8bb`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"FLWSECK_TEST08d578f86947"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer FLWSECK_TESTb070225c14d2`,
				`FLW_ENCRYPTION_KEY=FLWSECK_TEST-5a9c2e7f1b3d`,
				`FLW_ENC=FLWSECK4e8b1c9f2a7d`,
			},
			FalsePositives: []string{
				`FLW_ENCRYPTION_KEY=FLWSECK_TESTxxxxxxxxxxxx`,
				`FLW_ENCRYPTION_KEY=FLWSECK_TEST0123456789ab`,
				`FLW_ENCRYPTION_KEY=FLWSECK_TEST192e31e9a`,
			},
		},
		{
			ID:            "flutterwave-public-key",
			Description:   "Flutterwave public key (client side; low)",
			Severity:      Low,
			Provider:      "Flutterwave",
			Peers:         []string{"flutterwave-public-key"},
			Keywords:      []string{"FLWPUBK_TEST-", "FLWPUBK-"},
			Regex:         `(FLWPUBK(?:_TEST)?-[a-hA-H0-9]{32}-X)(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    3.8,
			PreviewPrefix: 8,
			TruePositives: []string{
				`FLW_PUBLIC_KEY=FLWPUBK-1d0c002cc27f57fc612b0d692c129fdf-X`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"FLWPUBK-4de10482ed8239b8e56184b56a6fa2bc-X"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer FLWPUBK-3a3b17904f5b420592d574bf5cfbe8f5-X`,
			},
			FalsePositives: []string{
				`FLW_PUBLIC_KEY=FLWPUBK-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-X`,
				`FLW_PUBLIC_KEY=FLWPUBK-0123456789abcdef0123456789abcdef-X`,
			},
		},
	}
}
