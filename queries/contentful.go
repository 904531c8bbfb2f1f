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
				`CONTENTFUL_API_KEY=cKIkqjIdJCVyakvUieUbxM25Xww1RgYqLS4Re0-SY9U`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","contentful_token":"H-e8FjkM0dB6f4wwf7wGWgkb2QR4l91pV8RGKJGlBiD"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync contentful_secret=ui22MMcX2grm-fc-srzDojVyYWJTNEoX_dhDfOYo8sU attempt=2`,
			},
			FalsePositives: []string{
				`CONTENTFUL_API_KEY=${CONTENTFUL_API_KEY}`,
				`contentful_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg"`,
				`xcontentfulish_ref=ioGhrTSmgcg0fQoRxB-mrvJJLj9W4aKrpMqZtObV30P`,
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
				`CONTENTFUL_MANAGEMENT_TOKEN=CFPAT-oQXykbvVKBRvvimxC2wi7deuH8lRJMY_ilv4H0xZDl2`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"CFPAT--mGUg3RbjLwPUSakmV4JDYFSNY7xi5RSzElQY3tZlwN"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer CFPAT-cgkhEWSfZ9yJcJFKNjReKqVL7lR0AVaOU61wy25BG2l`,
			},
			FalsePositives: []string{
				`CONTENTFUL_MANAGEMENT_TOKEN=CFPAT-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`CONTENTFUL_MANAGEMENT_TOKEN=CFPAT-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg`,
				`CONTENTFUL_MANAGEMENT_TOKEN=CFPAT-m9MMYwMyF1TE6HIGsx3gpRxFO-AiW2m5IG2QxIHx`,
			},
		},
	}
}
