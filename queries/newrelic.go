package queries

// New Relic keys beside those in observability.go: browser (NRJS-) keys and the user API id.
func newRelicRules() []*Rule {
	return []*Rule{
		{
			ID: "newrelic-browser-key", Description: "New Relic browser application key", Severity: Medium,
			Provider: "New Relic", Peers: []string{"new-relic-browser-api-token"},
			Keywords:   []string{"NRJS-"},
			Regex:      `(NRJS-[a-f0-9]{19})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.0, PreviewPrefix: 5,
			TruePositives: []string{
				`NEW_RELIC_BROWSER_KEY=NRJS-f5229ea749fc6c722dc`,
				`Authorization: Bearer NRJS-3a29af134b3cf7e61ae`,
			},
			FalsePositives: []string{
				`NEW_RELIC_BROWSER_KEY=NRJS-<your-token>`,
				`NEW_RELIC_BROWSER_KEY=NRJS-7f40b0a0ca651b2b`,
			},
		},
		{
			ID: "newrelic-user-api-id", Description: "New Relic user API id next to its name", Severity: Low,
			Provider: "New Relic", Peers: []string{"new-relic-user-api-id"},
			Keywords:   []string{"newrelic", "NEWRELIC", "Newrelic", "newRelic", "NewRelic", "new_relic", "NEW_RELIC", "New_relic", "new-relic", "NEW-RELIC", "New-relic"},
			Regex:      assigned(named(`(?:newrelic|NEWRELIC|Newrelic|newRelic|NewRelic|new_relic|NEW_RELIC|New_relic|new-relic|NEW-RELIC|New-relic)`), `([A-Za-z0-9]{64})`+valueEnd),
			Validators: []Validator{coveredByProvider, digitAndLetter},
			MinEntropy: 4.0,
			TruePositives: []string{
				`NEW_RELIC_USER_ID=eN86b5P0YeQZpGZ2bR8vX5r0zHqwA4FceW3vbRRhFKhgDc5uU2BOsfVX1dsYlfG1`,
				`{"level":"info","msg":"retrying call","newrelic_user_id":"h1NVB8sY8UgecrmRgBGNC5sfAltxqWpOdJmqyK0Eub2WgS8KAAHTQG68SB7MDGd0"}`,
			},
			FalsePositives: []string{
				`NEW_RELIC_USER_ID=${NEW_RELIC_USER_ID}`,
				`NEW_RELIC_USER_ID=SarUrGyVXNbBWbAjJSZvMAAbUXx2Ybok9v5vztNdQlYE1nnJoWbZ4iemn6AwS`,
			},
		},
	}
}
