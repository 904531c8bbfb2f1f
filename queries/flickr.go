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
			Regex:       assigned(nameWords("flickr"), `([A-Za-z0-9]{32})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.6,
			TruePositives: []string{
				`FLICKR_API_KEY=fntPXVnRszPBggV1v5Dm6JrVoOioE5zl`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","flickr_token":"mCTmMDi1AJkMPZdSQZi2UusvyDgsvUCf"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync flickr_secret=qEhhnsIYFFkyYNFWNtK4A0oG7l6TzM6z attempt=2`,
			},
			FalsePositives: []string{
				`FLICKR_API_KEY=${FLICKR_API_KEY}`,
				`flickr_token: "0123456789ABCDEFGHIJKLMNOPQRSTUV"`,
				`xflickrish_ref=LDNTZ8wkjymGShGVYNs9vWNnQBbLmAEe`,
			},
		},
	}
}
