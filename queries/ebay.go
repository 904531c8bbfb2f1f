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
			MinEntropy:  3.4,
			TruePositives: []string{
				`EBAY_API_KEY=PRD-de37a947-4b05-9bef-45f6-bcfc9e87`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","ebay_token":"PRD-9d69fec4-8b89-fcc3-988f-8b86329b"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync ebay_secret=PRD-fac8f4f3-8628-5d9b-a1b3-ae9363af attempt=2`,
			},
			FalsePositives: []string{
				`EBAY_API_KEY=${EBAY_API_KEY}`,
				`ebay_token: "PRD-01234567-0123-0123-0123-01234567"`,
				`xebayish_ref=PRD-98a271a0-f693-c3c2-9870-540ddb52`,
			},
		},
	}
}
