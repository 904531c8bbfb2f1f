package queries

// Confluent credentials.
func confluentRules() []*Rule {
	return []*Rule{
		{
			ID:          "confluent-secret-key",
			Description: "Confluent Cloud API secret next to its name",
			Severity:    Critical,
			Provider:    "Confluent",
			Peers:       []string{"confluent-secret-key"},
			Keywords:    []string{"confluent"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("confluent"), `([A-Za-z0-9]{64})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.7,
			TruePositives: []string{
				`CONFLUENT_API_KEY=div0BFW48PeyHrMHdC9zUVWVFq1FyoTmjQgHS57yrFSxwQORCIRQXQD7XIFaKmb1`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","confluent_token":"LUXWWJ3iesIYuuxRp6rH54x2aWCmM6EBuHcxvKsGBk8sKPnPVnwALtZEysdCqMI9"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync confluent_secret=Hi18Ro9NgVkzmjazKZYZO7CpxrHIUljDziYkLx0jEKL6Ew3oPtt30sldjnD97oWj attempt=2`,
			},
			FalsePositives: []string{
				`CONFLUENT_API_KEY=${CONFLUENT_API_KEY}`,
				`confluent_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz01"`,
				`xconfluentish_ref=IBNYRB0jqluqTjYGCOXYqfCQOx5bRBLUwON7lpvE9L1vdnhFztjXsNGVWifmiWFp`,
			},
		},
		{
			ID:          "confluent-access-token",
			Description: "Confluent Cloud API key next to its name",
			Severity:    Medium,
			Provider:    "Confluent",
			Peers:       []string{"confluent-access-token"},
			Keywords:    []string{"confluent"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("confluent"), `([A-Z0-9]{16})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  2.9,
			TruePositives: []string{
				`CONFLUENT_API_KEY=5P09CDM96MRFG3VI`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","confluent_token":"13ULFZP03WFRHARF"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync confluent_secret=T20AM53MWIIDG447 attempt=2`,
				`confluent_api_key: "ZQ4KX7PMNB2WR5TY"`,
			},
			FalsePositives: []string{
				`CONFLUENT_API_KEY=${CONFLUENT_API_KEY}`,
				`confluent_token: "0123456789ABCDEF"`,
				`xconfluentish_ref=PDPVK1RTMQCJ1JZL`,
			},
		},
	}
}
