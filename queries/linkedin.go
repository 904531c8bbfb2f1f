package queries

// LinkedIn OAuth applications: a 14-character client id and a 16-character client secret.
func linkedInRules() []*Rule {
	return []*Rule{
		{
			ID: "linkedin-client-id", Description: "LinkedIn OAuth client id next to its name", Severity: Low,
			Provider: "LinkedIn", Peers: []string{"linkedin-client-id"},
			Keywords:   []string{"linkedin", "LINKEDIN", "Linkedin", "linkedIn", "LinkedIn", "linked_in", "LINKED_IN", "Linked_in", "linked-in", "LINKED-IN", "Linked-in"},
			Regex:      assigned(named(`(?:linkedin|LINKEDIN|Linkedin|linkedIn|LinkedIn|linked_in|LINKED_IN|Linked_in|linked-in|LINKED-IN|Linked-in)`), `([A-Za-z0-9]{14})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.0,
			TruePositives: []string{
				`LINKEDIN_CLIENT_ID=dsqu63o9ypa3g1`,
				`{"level":"info","msg":"sync job","linkedinClientId":"xllo9j8z7t3oso"}`,
			},
			FalsePositives: []string{
				`LINKEDIN_CLIENT_ID=${LINKEDIN_CLIENT_ID}`,
				`LINKEDIN_CLIENT_ID=mygxo7v5lk8`,
			},
		},
		{
			ID: "linkedin-client-secret", Description: "LinkedIn OAuth client secret next to its name", Severity: High,
			Provider: "LinkedIn", Peers: []string{"linkedin-client-secret"},
			Keywords:   []string{"linkedin", "LINKEDIN", "Linkedin", "linkedIn", "LinkedIn", "linked_in", "LINKED_IN", "Linked_in", "linked-in", "LINKED-IN", "Linked-in"},
			Regex:      assigned(namedCredential(`(?:linkedin|LINKEDIN|Linkedin|linkedIn|LinkedIn|linked_in|LINKED_IN|Linked_in|linked-in|LINKED-IN|Linked-in)`), `([A-Za-z0-9]{16})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.0,
			TruePositives: []string{
				`LINKEDIN_CLIENT_SECRET=enalhU91YU3nlaev`,
				`  linkedin_secret: "26OFE6lEBiWerYTr"`,
			},
			FalsePositives: []string{
				`LINKEDIN_CLIENT_SECRET=${LINKEDIN_CLIENT_SECRET}`,
				`LINKEDIN_CLIENT_SECRET=p2lkIolSnIkZb`,
			},
		},
	}
}
