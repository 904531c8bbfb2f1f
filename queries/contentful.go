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
			Validators:  []Validator{noRuns, mixedCase},
			MinEntropy:  4.3,
			TruePositives: []string{
				`CONTENTFUL_API_KEY=b5W9Y71mv3LT4lQ-XSTHDFeR416Q7rPTyUp7cwtHWHU`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","contentful_token":"kbWQlNdNOFqE1UnryrqPQH8RNGhE3yuDBnGEyw1nzy1"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync contentful_secret=Yy5OENwRPORavklOmsRGMtDiWyDD0MxikgOiNbvQswi attempt=2`,
			},
			FalsePositives: []string{
				`CONTENTFUL_API_KEY=${CONTENTFUL_API_KEY}`,
				`contentful_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg"`,
				`xcontentfulish_ref=7_Zy94VlXAkiNc7-HqhtYCW7FTQK7LM5wbj92qtUQai`,
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
			Validators:    []Validator{noRuns, mixedCase},
			MinEntropy:    4.5,
			PreviewPrefix: 6,
			TruePositives: []string{
				`CONTENTFUL_MANAGEMENT_TOKEN=CFPAT-gNXRzdf9VHikleK1yITW9gXU3-6jp9vp394m2AZTh_P`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"CFPAT-RERcV08r6Vwf2Q-rtSAwI2v32RACEjUiK7HihETpCcT"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer CFPAT-q1aQTLh_wjh6mOkoDmmUroea0LjErfyq84ZiOnONE7s`,
			},
			FalsePositives: []string{
				`CONTENTFUL_MANAGEMENT_TOKEN=CFPAT-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`CONTENTFUL_MANAGEMENT_TOKEN=CFPAT-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg`,
				`CONTENTFUL_MANAGEMENT_TOKEN=CFPAT-WocTakWExHez_SzdfMRTRWlIiCORZ2-3uPZ-NkEA`,
			},
		},
	}
}
