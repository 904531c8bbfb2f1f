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
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.4,
			TruePositives: []string{
				`ENDOR_API_KEY=endr+bdLhoaTi-PY8zAFD`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","endor_token":"endr+Xvar7NQQ5GpHJGJf"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync endor_secret=endr+jksfleDRx3QUfDZb attempt=2`,
			},
			FalsePositives: []string{
				`ENDOR_API_KEY=${ENDOR_API_KEY}`,
				`endor_token: "endr+0123456789ABCDEF"`,
				`xendorish_ref=endr+xPSZ25Q3cr8-7Q7D`,
			},
		},
	}
}
