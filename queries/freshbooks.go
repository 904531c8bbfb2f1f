package queries

// FreshBooks credentials.
func freshbooksRules() []*Rule {
	return []*Rule{
		{
			ID:          "freshbooks-access-token",
			Description: "FreshBooks access token next to its name",
			Severity:    High,
			Provider:    "FreshBooks",
			Peers:       []string{"freshbooks-access-token"},
			Keywords:    []string{"freshbooks"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("freshbooks"), `([A-Za-z0-9]{64})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.3,
			TruePositives: []string{
				`FRESHBOOKS_API_KEY=ePan3WNPjvknNKvo9qNcxQTuF1wG5PUmfeqwX3SMPlQRpuc1zyoUsADcX6bJPdOp`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","freshbooks_token":"wKNwNKnCImMHvxXFYCSkzzy918OyMSTrh07JJfgFZnrp8NV1Vwa1KFQwzm0lzOf0"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync freshbooks_secret=RU02AtarZMZscPoWzLXV01wuHqB6jWnKbZAc4xznhNE8OTHLmlXfQFbTckFRJTMj attempt=2`,
			},
			FalsePositives: []string{
				`FRESHBOOKS_API_KEY=${FRESHBOOKS_API_KEY}`,
				`freshbooks_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz01"`,
				`xfreshbooksish_ref=y7cOl0SrqaFwIvbG5l12u5QYdlS1tKaRH4UfluquNTgsnYWm9hPf3luVH0Z7Grbc`,
			},
		},
	}
}
