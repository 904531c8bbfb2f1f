package queries

// Contentful credentials.
func contentfulRules() []*Rule {
	return []*Rule{
		{
			ID:          "contentful-delivery-api-token",
			Description: "Contentful delivery or preview API token next to its name",
			Severity:    High,
			Provider:    "Contentful",
			Peers:       []string{"contentful-delivery-api-token"},
			Keywords:    []string{"contentful"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("contentful"), `([A-Za-z0-9_-]{43})(?:[^A-Za-z0-9\-_]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.0,
			TruePositives: []string{
				`CONTENTFUL_API_KEY=8qIEN070teSVyVIOndiFfGNAYE5Guy02Zzr8H2rfeag`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","contentful_token":"gbh-Us7tQzu_ubQfZwWl4gJZ2-shE5nUzDu7KE4WRVw"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync contentful_secret=nZWe_f7HHa5LTtkYO7AaBvOzVMALCYwtfs5KVqQbbZV attempt=2`,
			},
			FalsePositives: []string{
				`CONTENTFUL_API_KEY=${CONTENTFUL_API_KEY}`,
				`contentful_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg"`,
				`xcontentfulish_ref=-eozYiGo2PPcqDkEknAeZ475G4MI3t4kFCNDWKoswzl`,
			},
		},
		{
			ID:            "contentful-personal-access-token",
			Description:   "Contentful personal access token (CFPAT-)",
			Severity:      Critical,
			Provider:      "Contentful",
			Peers:         []string{"contentful-delivery-api-token"},
			Keywords:      []string{"CFPAT-"},
			Regex:         `(CFPAT-[A-Za-z0-9_-]{43})(?:[^A-Za-z0-9\-_]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.3,
			PreviewPrefix: 6,
			TruePositives: []string{
				`CONTENTFUL_MANAGEMENT_TOKEN=CFPAT-GLWSJ8ja4yRBcX1wrPdjnnUpO8iLX2RBYTntWmFdAvy`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"CFPAT-BW5D5WS8zVFlcVkaVw1eEYzW0Aa7z8HylqyBM-Pj9L8"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer CFPAT-V7rhuLxdcdSi2JYKT4ePVcVGdspxCkUUhitSZvWLylB`,
			},
			FalsePositives: []string{
				`CONTENTFUL_MANAGEMENT_TOKEN=CFPAT-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`CONTENTFUL_MANAGEMENT_TOKEN=CFPAT-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg`,
				`CONTENTFUL_MANAGEMENT_TOKEN=CFPAT-n-A5M8dQN2WV-J7Bdf-6yoQvnZC5DUZdwB47kii8`,
			},
		},
	}
}
