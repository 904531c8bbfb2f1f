package queries

func trelloRules() []*Rule {
	return []*Rule{
		{
			ID: "trello-access-token", Description: "Trello API key next to its name", Severity: High,
			Provider: "Trello", Peers: []string{"trello-access-token"},
			Keywords:   []string{"trello", "TRELLO", "Trello"},
			Regex:      assigned(namedCredential(`(?:trello|TRELLO|Trello)`), `([A-Za-z0-9]{32})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.0,
			TruePositives: []string{
				`TRELLO_API_KEY=e51a9224678894a32381ba5920e56f92`,
				`ts=2026-12-07T09:14:03Z level=debug msg="config loaded" trelloKey=f2a356e0c4d9fdd5234e989a382b312d`,
			},
			FalsePositives: []string{
				`TRELLO_API_KEY=${TRELLO_API_KEY}`,
				`TRELLO_API_KEY=0123456789abcdef0123456789abcdef`,
			},
		},
	}
}
