package queries

// Fastly credentials.
func fastlyRules() []*Rule {
	return []*Rule{
		{
			ID:          "fastly-api-token",
			Description: "Fastly API token next to its name",
			Severity:    High,
			Provider:    "Fastly",
			Peers:       []string{"fastly-api-token"},
			Keywords:    []string{"fastly"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("fastly"), `([A-Za-z0-9_-]{32})(?:[^A-Za-z0-9\-_]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.7,
			TruePositives: []string{
				`FASTLY_API_KEY=FnTi3f2Fn1cOg_bASkDLGkfZ8uCv42xA`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","fastly_token":"_TFdjtrreOr-hdE7RdzbqApaDe_Gb1SP"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync fastly_secret=cwlZPrEoDGtSXlb_9xnaHROAzZO_Ew3T attempt=2`,
			},
			FalsePositives: []string{
				`FASTLY_API_KEY=${FASTLY_API_KEY}`,
				`fastly_token: "0123456789ABCDEFGHIJKLMNOPQRSTUV"`,
				`xfastlyish_ref=qElPPSNFNjwGyw2Elh23kcOasev83Aty`,
			},
		},
	}
}
