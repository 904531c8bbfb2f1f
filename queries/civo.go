package queries

// Civo credentials.
func civoRules() []*Rule {
	return []*Rule{
		{
			ID:          "civo-api-key",
			Description: "Civo API key next to its name",
			Severity:    High,
			Provider:    "Civo",
			Peers:       []string{"civo-api-key"},
			Keywords:    []string{"civo"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("civo"), `([A-Za-z0-9]{50})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.1,
			TruePositives: []string{
				`CIVO_API_KEY=qayPcKHBUCLHG5AG0N0ugefgxDPtn0B4JDAS7syzSgiAxHN1GE`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","civo_token":"uuB0s1gHJWBfUj6T5dYOB6F5tnQuRxExYJBtJguqu92SlWdwoV"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync civo_secret=YnYmrdUVpMIC8tfXB2YLXp5YQIXY6kqnTq1jSFo8x6cMJuF8HQ attempt=2`,
			},
			FalsePositives: []string{
				`CIVO_API_KEY=${CIVO_API_KEY}`,
				`civo_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"`,
				`xcivoish_ref=dKPL89u4bczr82EaFlUpaKfJpUf8F8LAgCzvQZIbBuKvVI5QYo`,
			},
		},
	}
}
