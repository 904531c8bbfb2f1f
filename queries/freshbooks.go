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
				`FRESHBOOKS_API_KEY=pCtnn29JpvtkvsSP6YnxhnEXhOQ0fiJL5P8vwzwgZAOh24p9NNF8ntHgSxjGcXyx`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","freshbooks_token":"huxFi4uAePMlcWrF74HUGVcVSqKwls82vd6K7mL451JJuxwnqsNCIeFGV7FJRPkW"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync freshbooks_secret=XVCEtov4UM4Cupgvwk0sdmyqGxJZB8EK98wMJ9Xyxrxl4VrJ87ZDD3TSlyN4KJig attempt=2`,
			},
			FalsePositives: []string{
				`FRESHBOOKS_API_KEY=${FRESHBOOKS_API_KEY}`,
				`freshbooks_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz01"`,
				`xfreshbooksish_ref=3jYDG29HNoGu78FQvDfIgCC8q4rmRbdXazetx1yyr5pVCm04xRdv5ZpD1lEEu3pX`,
			},
		},
	}
}
