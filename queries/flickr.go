package queries

// Flickr credentials.
func flickrRules() []*Rule {
	return []*Rule{
		{
			ID:          "flickr-access-token",
			Description: "Flickr API key next to its name",
			Severity:    High,
			Provider:    "Flickr",
			Peers:       []string{"flickr-access-token"},
			Keywords:    []string{"flickr"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("flickr"), `([0-9a-f]{32})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.0,
			TruePositives: []string{
				`FLICKR_API_KEY=c25dcb3da07cc0b7d18f54d35743bedc`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","flickr_token":"d789a597e453323906061d9f4ddebde6"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync flickr_secret=4838e75002f18be889663023a04b3632 attempt=2`,
			},
			FalsePositives: []string{
				`FLICKR_API_KEY=${FLICKR_API_KEY}`,
				`flickr_token: "0123456789abcdef0123456789abcdef"`,
				`xflickrish_ref=3e62169f06dbda42d2e3f4b793c8ace8`,
			},
		},
	}
}
