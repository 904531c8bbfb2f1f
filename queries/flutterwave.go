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
				`FLW_SECRET_KEY=FLWSECK-72474eb0b9e330c0e3aae7cb1db18b08-X`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"FLWSECK-27e388a2129e6bdc4d6b30875ea2b987-X"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer FLWSECK-19b90ffb1efad5a6ad122f1ac3d03985-X`,
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
				`FLW_ENCRYPTION_KEY=FLWSECK_TESTa1e7390f0869`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"FLWSECK_TEST342937002e8b"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer FLWSECK_TEST4447e28e7edb`,
				`FLW_ENCRYPTION_KEY=FLWSECK_TEST-5a9c2e7f1b3d`,
				`FLW_ENC=FLWSECK4e8b1c9f2a7d`,
			},
			FalsePositives: []string{
				`FLW_ENCRYPTION_KEY=FLWSECK_TESTxxxxxxxxxxxx`,
				`FLW_ENCRYPTION_KEY=FLWSECK_TEST0123456789ab`,
				`FLW_ENCRYPTION_KEY=FLWSECK_TEST21c17174f`,
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
				`FLW_PUBLIC_KEY=FLWPUBK-b212ec432210a07ea3c7049f1004ce99-X`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"FLWPUBK-0218c7d37e9cf7436b09e52420730e9b-X"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer FLWPUBK-e84ad6dbc5ce79ece8a2033dbed89dd2-X`,
			},
			FalsePositives: []string{
				`FLW_PUBLIC_KEY=FLWPUBK-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-X`,
				`FLW_PUBLIC_KEY=FLWPUBK-0123456789abcdef0123456789abcdef-X`,
			},
		},
	}
}
