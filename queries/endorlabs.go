package queries

// Endor Labs credentials.
func endorlabsRules() []*Rule {
	return []*Rule{
		{
			ID:          "endorlabs-api-key",
			Description: "Endor Labs API key or secret next to its name",
			Severity:    High,
			Provider:    "Endor Labs",
			Peers:       []string{"endorlabs-api-key", "endorlabs-api-secret"},
			Keywords:    []string{"endor"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("endor"), `(endr\+[A-Za-z0-9-]{16})(?:[^A-Za-z0-9\-]|$)`),
			Validators:  []Validator{noRuns, mixedCase},
			MinEntropy:  3.6,
			TruePositives: []string{
				`ENDOR_API_KEY=endr+-zFZn0q1Ckx--m8S`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","endor_token":"endr+plNyIl6Wa9EIsKo1"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync endor_secret=endr+f63QQdpQTkhK4bO0 attempt=2`,
			},
			FalsePositives: []string{
				`ENDOR_API_KEY=${ENDOR_API_KEY}`,
				`endor_token: "endr+0123456789ABCDEF"`,
				`xendorish_ref=endr+jdUxRMta5KVZOx0O`,
			},
		},
	}
}
