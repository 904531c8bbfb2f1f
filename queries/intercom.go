package queries

// Intercom credentials.
func intercomRules() []*Rule {
	return []*Rule{
		{
			ID:          "intercom-api-key",
			Description: "Intercom access token next to its name",
			Severity:    High,
			Provider:    "Intercom",
			Peers:       []string{"intercom-api-key"},
			Keywords:    []string{"intercom"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("intercom"), `([A-Za-z0-9=_-]{60})(?:[^A-Za-z0-9\-=_]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.3,
			TruePositives: []string{
				`INTERCOM_API_KEY=7qrcxSYSjDMutjR-5IrkhG6ioM6Q5gXIwW9adcnGV7JgeaVgcWkW8cKoYARt`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","intercom_token":"W82CM1HjlzgNu0tTrDH4nExVpxf8i9ap4fp9LJ7HmMgmfJXDx4wX0RJrPltv"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync intercom_secret=CYHlV-tEj8Qr_VMGUYeBHmCTtf3agr1az47gNQZXO3v01_kSiFCFU2H89X=q attempt=2`,
			},
			FalsePositives: []string{
				`INTERCOM_API_KEY=${INTERCOM_API_KEY}`,
				`intercom_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwx"`,
				`xintercomish_ref=BBHDF7MpZdvy5413c10=EuWEjXvWm8-pzH9Wg_biCgJPtIvV43LpON0zRy96`,
			},
		},
	}
}
