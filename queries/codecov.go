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
				`CODECOV_API_KEY=2f8f25c7-8a2b-9fc4-0303-1d0904677ef0`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","codecov_token":"75d8ecb9-e53e-548b-a141-856eb197da46"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync codecov_secret=8ab2a149-4123-df00-07b8-71b2e7a7b91f attempt=2`,
				`codecov_token: apm2dagn29sbd9h26co52bfg2cc41uc0`,
			},
			FalsePositives: []string{
				`CODECOV_API_KEY=${CODECOV_API_KEY}`,
				`codecov_token: "01234567-0123-0123-0123-0123456789ab"`,
				`xcodecovish_ref=93143bf9-6b5f-a167-ff78-f22f240f0a02`,
			},
		},
	}
}
