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
				`MERAKI_API_KEY=15de82f309f777f34832146a096587c05c4aea77`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","meraki_token":"5b8b0c0af19dd9a0e9159b76effe1d314ce6dab1"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync meraki_secret=cf6355478a94cf9658882f55c3058f1b890d8372 attempt=2`,
			},
			FalsePositives: []string{
				`MERAKI_API_KEY=${MERAKI_API_KEY}`,
				`meraki_token: "0123456789abcdef0123456789abcdef01234567"`,
				`xmerakiish_ref=314b0d8d093d4540221d4119a92ea2b2aabad1db`,
			},
		},
	}
}
