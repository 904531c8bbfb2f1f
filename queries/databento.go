package queries

// Databento credentials.
func databentoRules() []*Rule {
	return []*Rule{
		{
			ID:          "databento-api-key",
			Description: "Databento API key next to its name",
			Severity:    High,
			Provider:    "Databento",
			Peers:       []string{"databento-api-key"},
			Keywords:    []string{"databento"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("databento"), `(db-[A-Za-z0-9]{29})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.7,
			TruePositives: []string{
				`DATABENTO_API_KEY=db-pFGYylaZi43dIOYrOBGK3OZE2E2Sq`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","databento_token":"db-oStXPaNftZIPCi3Qc42u7JLPzDSzq"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync databento_secret=db-478HpttsV3OcGpRtL6ubCAVBmOxQm attempt=2`,
			},
			FalsePositives: []string{
				`DATABENTO_API_KEY=${DATABENTO_API_KEY}`,
				`databento_token: "db-0123456789ABCDEFGHIJKLMNOPQRS"`,
				`xdatabentoish_ref=db-hAD3uSMOcNrC4RAZqus5SjSVKCWe2`,
			},
		},
	}
}
