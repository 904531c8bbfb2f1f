package queries

// Cisco Meraki credentials.
func merakiRules() []*Rule {
	return []*Rule{
		{
			ID:          "cisco-meraki-api-key",
			Description: "Cisco Meraki Dashboard API key next to its name",
			Severity:    High,
			Provider:    "Cisco Meraki",
			Peers:       []string{"cisco-meraki-api-key"},
			Keywords:    []string{"meraki"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("meraki"), `([0-9a-f]{40})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.2,
			TruePositives: []string{
				`MERAKI_API_KEY=5733a538793297cfae4e5a9c508196c9e73e3da9`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","meraki_token":"c137b1738b2418cbd9d19976b78a0488daea08fe"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync meraki_secret=35402fd0fa3e36461288ba86e66b553eae735de9 attempt=2`,
			},
			FalsePositives: []string{
				`MERAKI_API_KEY=${MERAKI_API_KEY}`,
				`meraki_token: "0123456789abcdef0123456789abcdef01234567"`,
				`xmerakiish_ref=f727df5b5f2ec59059b56dd6bbdf418eaf7dad10`,
			},
		},
	}
}
