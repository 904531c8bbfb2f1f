package queries

// FullStory credentials.
func fullstoryRules() []*Rule {
	return []*Rule{
		{
			ID:          "fullstory-api-key",
			Description: "FullStory API key next to its name",
			Severity:    High,
			Provider:    "FullStory",
			Peers:       []string{"fullstory-api-key"},
			Keywords:    []string{"fullstory", "fs_api"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("fullstory", "fs_api"), `((?:na1|eu1)\.[A-Za-z0-9+/=]{20,200})(?:[^A-Za-z0-9+/=]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.9,
			TruePositives: []string{
				`FULLSTORY_API_KEY=na1.pZtnWlWtv2h1V2IhIuQu2gStfkEXIDJr`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","fullstory_token":"na1.USa4ShIVUSPV9dJ8n10sPMrtC8AGI31t"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync fullstory_secret=na1.OPzZPBgOtGUjmzbrg03CF35gpTQL89i1 attempt=2`,
			},
			FalsePositives: []string{
				`FULLSTORY_API_KEY=${FULLSTORY_API_KEY}`,
				`fullstory_token: "na1.0123456789ABCDEFGHIJKLMNOPQRSTUV"`,
				`xfullstoryish_ref=na1.WnSKC73KmSFUB3qSF4XdJ9IptOv9pmby`,
			},
		},
	}
}
