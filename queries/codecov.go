package queries

// Codecov credentials.
func codecovRules() []*Rule {
	return []*Rule{
		{
			ID:          "codecov-access-token",
			Description: "Codecov upload or API token next to its name",
			Severity:    High,
			Provider:    "Codecov",
			Peers:       []string{"codecov-access-token"},
			Keywords:    []string{"codecov"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("codecov"), `([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[A-Za-z0-9]{32})(?:[^A-Za-z0-9-]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.2,
			TruePositives: []string{
				`CODECOV_API_KEY=582d0457-5b30-1835-9dbf-419df63a8167`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","codecov_token":"f109c28f-f8d0-14b4-4e3c-484997c9c97e"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync codecov_secret=74fe3a68-f00b-cdbe-2e88-d561d6d7e75f attempt=2`,
				`codecov_token: apm2dagn29sbd9h26co52bfg2cc41uc0`,
			},
			FalsePositives: []string{
				`CODECOV_API_KEY=${CODECOV_API_KEY}`,
				`codecov_token: "01234567-0123-0123-0123-0123456789ab"`,
				`xcodecovish_ref=650ea0e6-9e22-54fc-d5a5-56c47897b303`,
			},
		},
	}
}
