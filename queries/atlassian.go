package queries

// Atlassian credentials.
func atlassianRules() []*Rule {
	return []*Rule{
		{
			ID:          "atlassian-api-token-legacy",
			Description: "Atlassian (Jira, Confluence) API token, legacy 24-character format, next to its name",
			Severity:    High,
			Provider:    "Atlassian",
			Peers:       []string{"atlassian-api-token"},
			Keywords:    []string{"atlassian", "confluence", "jira"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("atlassian", "confluence", "jira"), `([A-Za-z0-9]{20}[0-9a-fA-F]{4})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.4,
			TruePositives: []string{
				`ATLASSIAN_API_KEY=1Ng0JNcfebKzA44iimjS0F1b`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","atlassian_token":"y5xiMKO1vABNKgFE0eqF34D0"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync atlassian_secret=AW87HiV7twWdIy8eUx0n83CD attempt=2`,
				`JIRA_API_TOKEN=HXe8DGg1iJd2AopzyxkFB7F2`,
			},
			FalsePositives: []string{
				`ATLASSIAN_API_KEY=${ATLASSIAN_API_KEY}`,
				`atlassian_token: "0123456789ABCDEFGHIJ0123"`,
				`xatlassianish_ref=4yKG4YHkX36TknxSOMYm3FfB`,
				`getPagesInConfluenceSpace,searchConfluenceUsingCql`,
				`jira_issue=PROJ-12345 confluence_page=123456789`,
			},
		},
	}
}
