package queries

// Asana credentials.
func asanaRules() []*Rule {
	return []*Rule{
		{
			ID:          "asana-client-id",
			Description: "Asana OAuth client id next to its name",
			Severity:    Low,
			Provider:    "Asana",
			Peers:       []string{"asana-client-id"},
			Keywords:    []string{"asana"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("asana"), `([0-9]{16})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns},
			MinEntropy:  2.0,
			TruePositives: []string{
				`ASANA_API_KEY=1729430697217865`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","asana_token":"2440194461550249"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync asana_secret=6310345169018634 attempt=2`,
			},
			FalsePositives: []string{
				`ASANA_API_KEY=${ASANA_API_KEY}`,
				`asana_token: "0123456789012345"`,
				`xasanaish_ref=8208081259475922`,
			},
		},
		{
			ID:          "asana-client-secret",
			Description: "Asana OAuth client secret next to its name",
			Severity:    High,
			Provider:    "Asana",
			Peers:       []string{"asana-client-secret"},
			Keywords:    []string{"asana"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("asana"), `([A-Za-z0-9]{32})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.0,
			TruePositives: []string{
				`ASANA_API_KEY=kTxaIwPUv5NcJ52q9BjMyW3M4AdH4O5c`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","asana_token":"MTaTlxLZONmqLcR7kUeDE8xoWJt215MG"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync asana_secret=S07yMavz1Rto1NzCmywZE5bun5HS8sTw attempt=2`,
			},
			FalsePositives: []string{
				`ASANA_API_KEY=${ASANA_API_KEY}`,
				`asana_token: "0123456789ABCDEFGHIJKLMNOPQRSTUV"`,
				`xasanaish_ref=I5h4zWXN0bYKRCJHPLbPjRaleer96vca`,
			},
		},
	}
}
