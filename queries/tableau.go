package queries

// Tableau personal access token secrets: 16 bytes of base64, "==:", then 32 alphanumerics.
func tableauRules() []*Rule {
	return []*Rule{
		{
			ID: "tableau-personal-access-token", Description: "Tableau personal access token secret", Severity: High,
			Provider: "Tableau", Peers: []string{"tableau-personal-access-token.1"},
			// Named, not found by its "==:" alone: a keyword of punctuation only gives
			// Elasticsearch no text to search, so every document would be read.
			Keywords:   []string{"tableau"},
			IgnoreCase: true,
			Regex:      assigned(nameWords("tableau"), `([A-Za-z0-9+/]{22}==:[A-Za-z0-9]{32})`+valueEnd),
			Validators: []Validator{twoClasses},
			MinEntropy: 4.0,
			TruePositives: []string{
				`TABLEAU_PAT_SECRET=2cqkZr7D/UaswGvWsJhOkY==:Tc3XJG6UllEBGJh5qrpFFMl2dlkLUn4m`,
				`{"level":"error","msg":"sync job","tableau_token":"QViyHZfq9zKRXok1NGuxSb==:iU1Rf9buWTDc5xcNnE1aq9AzM2xa79LV"}`,
			},
			FalsePositives: []string{
				`TABLEAU_PAT_SECRET===:<your-token>`,
				`TABLEAU_PAT_SECRET=abcdefgh/abcdefghijklm==:abcdefghijklmnopqrstuvwxyz012345`,
				`TABLEAU_PAT_SECRET=a==:b`,
			},
		},
	}
}
