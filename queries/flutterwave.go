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
				`FLW_SECRET_KEY=FLWSECK-2ab970fe1e389a9704647364fe03add2-X`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"FLWSECK-ede582de2c2050f08d828dd6f9e62378-X"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer FLWSECK-8f96a843b995f826729f383d18dd5e74-X`,
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
				`FLW_ENCRYPTION_KEY=FLWSECK_TESTa3255cacc51a`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"FLWSECK_TEST7c5b12a4f194"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer FLWSECK_TEST395463fc5f96`,
				`FLW_ENCRYPTION_KEY=FLWSECK_TEST-5a9c2e7f1b3d`,
				`FLW_ENC=FLWSECK4e8b1c9f2a7d`,
			},
			FalsePositives: []string{
				`FLW_ENCRYPTION_KEY=FLWSECK_TESTxxxxxxxxxxxx`,
				`FLW_ENCRYPTION_KEY=FLWSECK_TEST0123456789ab`,
				`FLW_ENCRYPTION_KEY=FLWSECK_TEST8b9285026`,
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
				`FLW_PUBLIC_KEY=FLWPUBK-fef742835d1798ae0dee13c685726c63-X`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"FLWPUBK-95ff972d515e8e814b4bcd7c2b9686b6-X"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer FLWPUBK-01adf5777b4a8ff4a919e382254b1c0e-X`,
			},
			FalsePositives: []string{
				`FLW_PUBLIC_KEY=FLWPUBK-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-X`,
				`FLW_PUBLIC_KEY=FLWPUBK-0123456789abcdef0123456789abcdef-X`,
			},
		},
	}
}
