package queries

// Secrets managers: a leaked token here opens every secret behind it.
func secretsManagerRules() []*Rule {
	return []*Rule{{
		ID:            "doppler-token",
		Description:   "Doppler token (personal, service, service account, CLI, SCIM, audit)",
		Severity:      Critical,
		Keywords:      []string{"dp.pt.", "dp.st.", "dp.sa.", "dp.ct.", "dp.scim.", "dp.audit."},
		Regex:         `(dp\.(?:pt|st|sa|ct|scim|audit)\.(?:[a-z0-9_-]{2,35}\.)?[A-Za-z0-9]{40,44})`,
		MinEntropy:    3.8,
		PreviewPrefix: 6,
		TruePositives: []string{
			`DOPPLER_TOKEN=dp.st.prd.M5seQM9oovnqBMXlHrv0nkAEPKBcoQSQKl58gc17`,
			`{"msg":"doppler fetch","auth":"Bearer dp.pt.LLBYC3StnY9YsvBsc2qQVGimedPcyRwJaELpw6JJjpj"}`,
		},
		FalsePositives: []string{`DOPPLER_TOKEN=dp.st.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`},
	}, {
		ID:            "1password-service-account-token",
		Description:   "1Password service account token",
		Severity:      Critical,
		Keywords:      []string{"ops_eyJ"},
		Regex:         `(ops_eyJ[A-Za-z0-9+/_-]{200,1000}={0,2})`,
		Validators:    []Validator{base64JSON("ops_")},
		MinEntropy:    4.0,
		PreviewPrefix: 4,
		TruePositives: []string{
			`OP_SERVICE_ACCOUNT_TOKEN=ops_eyJzaWduSW5BZGRyZXNzIjoiYWNtZS4xcGFzc3dvcmQuY29tIiwidXNlckF1dGgiOnsibWV0aG9kIjoiU1JQZy00MDk2IiwiYWxnIjoiUEJFUzJnLUhTMjU2IiwiaXRlcmF0aW9ucyI6NjUwMDAwLCJzYWx0Ijoia1gzdjlRd0wycFQ3bVpyQjhjWWYxQSJ9LCJlbWFpbCI6ImpxN3R3MnhoenZibWVAMXBhc3N3b3Jkc2VydmljZWFjY291bnRzLmNvbSIsInNycFgiOiJjNGQxZTlhN2IyZjA4MzZlNWQ0OWExYzdlM2I4ZjJkNmEwYzVlOWIxZDdmM2E4YzJlNmIwZDRmOWExYzVlN2IzIiwibXVrIjp7ImFsZyI6IkEyNTZHQ00iLCJleHQiOnRydWUsImsiOiJacThSdzNZdDZWYjFObTRLcDdMeDJDczVIZDlHZjBKaiIsImtleV9vcHMiOlsiZW5jcnlwdCIsImRlY3J5cHQiXSwia3R5Ijoib2N0Iiwia2lkIjoibXAifSwic2VjcmV0S2V5IjoiQTMtS1E3UDJYLTlSV1RKTS00SFY4Qy1MWjZCTi1EM0Y1WS1RWDJNOCIsImRldmljZVV1aWQiOiJ2bTRxOHhrMmp6N3RyM2hiNm53Y3A1eWRmZSJ9`,
			`{"level":"debug","msg":"op run","env":{"OP_SERVICE_ACCOUNT_TOKEN":"ops_eyJzaWduSW5BZGRyZXNzIjoibXkuMXBhc3N3b3JkLmV1IiwidXNlckF1dGgiOnsibWV0aG9kIjoiU1JQZy00MDk2IiwiYWxnIjoiUEJFUzJnLUhTMjU2IiwiaXRlcmF0aW9ucyI6NjUwMDAwLCJzYWx0IjoiUHcyWnI3S3k0VHE5TG4zSGI2TXYxRCJ9LCJlbWFpbCI6ImhxMmx6OHduYzRya3RAMXBhc3N3b3Jkc2VydmljZWFjY291bnRzLmNvbSIsInNycFgiOiI4ZTJiNWYxYTljM2Q3ZTBiNGE2ZjJjOGQxZTViOWEzZjdjMGQyZTZiOGE0ZjFjOWQzZTdiNWEwZjJjNmQ4ZTFiIiwibXVrIjp7ImFsZyI6IkEyNTZHQ00iLCJrIjoiUnQ1V3EyRXo4WXUxSW80UGE3U2QwRmczSGo2S2w5WngifSwic2VjcmV0S2V5IjoiQTMtUFg4UjROLTJUS1dRTS03SlYzRC1IQzVMQi05RkcyWi1XTTZRNCJ9"}}`,
		},
		FalsePositives: []string{`OP_SERVICE_ACCOUNT_TOKEN=ops_eyJ...`, `OP_SERVICE_ACCOUNT_TOKEN=ops_eyJQicEayc7W9HlSpm2c4n7JlMbEgOA0_wTq45BEL8XwVPtnu3OmKklUJ-j3fzNkKuAxFi4_CeOIgUxIAJse0OBs4Mi9xZopVYiT37i9Jmh_n-6KNOOLCDkfPYwtIHjcQlmkI7wB_LVD13qJyiozIRQ5xAGZqBjV3kLQYmP_4h4ODt41YXg0sdqZKar2mYXIAv43Vtd_KeoczZ6B_R_BKDf0in4felM`},
	}}
}
