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
				`EBAY_API_KEY=PRD-41f86c24-2b1c-f5ca-94b4-f68d3b10`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","ebay_token":"PRD-f60b1641-eb81-7860-dcf2-6dae72a1"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync ebay_secret=PRD-1168c4b1-4c7e-683f-37e4-df586484 attempt=2`,
			},
			FalsePositives: []string{
				`EBAY_API_KEY=${EBAY_API_KEY}`,
				`ebay_token: "PRD-01234567-0123-0123-0123-01234567"`,
				`xebayish_ref=PRD-f47a33c4-45b6-3f30-aaaa-f6439d18`,
			},
		},
	}
}
