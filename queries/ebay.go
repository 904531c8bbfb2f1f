package queries

// eBay credentials.
func ebayRules() []*Rule {
	return []*Rule{
		{
			ID:          "ebay-client-secret",
			Description: "eBay production client secret next to its name",
			Severity:    High,
			Provider:    "eBay",
			Peers:       []string{"ebay-client-secret"},
			Keywords:    []string{"ebay"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("ebay"), `(PRD-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{8})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.3,
			TruePositives: []string{
				`EBAY_API_KEY=PRD-3ec35b9c-755e-4f33-17c8-90ff3f0f`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","ebay_token":"PRD-8e42be0a-fe5b-6718-56e1-7e4d485e"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync ebay_secret=PRD-43c90933-a3f5-afae-ec19-a93d647b attempt=2`,
			},
			FalsePositives: []string{
				`EBAY_API_KEY=${EBAY_API_KEY}`,
				`ebay_token: "PRD-01234567-0123-0123-0123-01234567"`,
				`xebayish_ref=PRD-1b760173-a9b5-127b-f511-01e319e7`,
			},
		},
	}
}
