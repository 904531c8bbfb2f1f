package queries

// EasyPost credentials.
func easypostRules() []*Rule {
	return []*Rule{
		{
			ID:            "easypost-api-token",
			Description:   "EasyPost production API key",
			Severity:      Critical,
			Provider:      "EasyPost",
			Peers:         []string{"easypost-api-token"},
			Keywords:      []string{"EZAK"},
			Regex:         `(EZAK[A-Za-z0-9]{54})(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.4,
			PreviewPrefix: 4,
			TruePositives: []string{
				`EASYPOST_API_KEY=EZAKDaHAlCQ1pncrlNJqxVQfaL5a4WrK78eXrZnoikY9jNOzdy9qTREU08`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"EZAK10mSZJ913IAkpdpfhgVmjZUYPdcAqE7IyggiL13wm4xHF8uYcwHkA6"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer EZAKgWnCRtInL8do4jnr76maIHHBaf4kOkmIF5ZvcfTqOhcvww56iSrwAk`,
			},
			FalsePositives: []string{
				`EASYPOST_API_KEY=EZAKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`EASYPOST_API_KEY=EZAK0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqr`,
				`EASYPOST_API_KEY=EZAK7jDZHBhS7w8e8EbUcBqVYFrwh2cwEN3wAicnbIen459YMETeef7`,
			},
		},
		{
			ID:            "easypost-test-api-token",
			Description:   "EasyPost test API key",
			Severity:      Medium,
			Provider:      "EasyPost",
			Peers:         []string{"easypost-test-api-token"},
			Keywords:      []string{"EZTK"},
			Regex:         `(EZTK[A-Za-z0-9]{54})(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.4,
			PreviewPrefix: 4,
			TruePositives: []string{
				`EASYPOST_TEST_KEY=EZTKjgyGqYClLz5WGJS5jPuoJLAWxKiD2jgtbNIelPcpIA9irFOCQXxxSr`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"EZTKuvdRlE0hGW3raAB4SaqwvDe97R9s4qEHk4ruiGdJWO9sXWrqjJYY0N"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer EZTKh4tUHkud1Ug3KIHvOLAZmGjAMEJBXw8OnyDwAwIbsIhdbYhGFQBfHz`,
			},
			FalsePositives: []string{
				`EASYPOST_TEST_KEY=EZTKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`EASYPOST_TEST_KEY=EZTK0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqr`,
				`EASYPOST_TEST_KEY=EZTKTG9ixXq31AuQNhlaY8EnheE0msHE7g1AGxBeMv3OykQM4yxvgiB`,
			},
		},
	}
}
