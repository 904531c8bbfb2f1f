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
			Regex:       assigned(nameWords("codecov"), `([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.2,
			TruePositives: []string{
				`CODECOV_API_KEY=0841f99d-b6b6-20ca-2ab8-d3fadab304ba`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","codecov_token":"5cfd7c24-7939-3b8e-38a8-94af1a0ad720"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync codecov_secret=a12e0a90-8360-b73d-3935-f7b33afbd8db attempt=2`,
			},
			FalsePositives: []string{
				`CODECOV_API_KEY=${CODECOV_API_KEY}`,
				`codecov_token: "01234567-0123-0123-0123-0123456789ab"`,
				`xcodecovish_ref=e75415d2-7522-2ff8-e399-3e5f4b7ab433`,
			},
		},
	}
}
