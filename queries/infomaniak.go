package queries

// Infomaniak credentials.
func infomaniakRules() []*Rule {
	return []*Rule{
		{
			ID:          "infomaniak-api-token",
			Description: "Infomaniak API token next to its name",
			Severity:    High,
			Provider:    "Infomaniak",
			Peers:       []string{"infomaniak-api-token"},
			Keywords:    []string{"infomaniak"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("infomaniak"), `([A-Za-z0-9_-]{72})(?:[^A-Za-z0-9\-_]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.4,
			TruePositives: []string{
				`INFOMANIAK_API_KEY=5kK6Bkiae_LW7weX4W7up6mv-miZjejSvjWLUcc0iicKL5DdjaLioxY1_Sbjvr-1K-iHhWcH`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","infomaniak_token":"rh_BRsQjAq8fgD4eFwUggDr9pi8EkA77zfwxm6WX1fUITdwRt943jj7vDZWgfO4Advu_rQAN"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync infomaniak_secret=awbvdZSXxSZz3cMcYOKLv8aB-4B4xrtenL3UnvidlVySt8baU49E10T13YnJIjiGL2GdDscA attempt=2`,
			},
			FalsePositives: []string{
				`INFOMANIAK_API_KEY=${INFOMANIAK_API_KEY}`,
				`infomaniak_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"`,
				`xinfomaniakish_ref=7zfkOUYXnMKUjMSj9TOQQsCAsNaICfx--YSLC8jqZtG9uetPYJU_-SvfgQYkBUgBajWvM213`,
			},
		},
	}
}
