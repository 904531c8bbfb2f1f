package queries

// Cursor credentials.
func cursorRules() []*Rule {
	return []*Rule{
		{
			ID:          "cursor-api-key",
			Description: "Cursor API key next to its name",
			Severity:    High,
			Provider:    "Cursor",
			Peers:       []string{"cursor-api-key"},
			Keywords:    []string{"cursor"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("cursor"), `(key_[0-9a-f]{64})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.6,
			TruePositives: []string{
				`CURSOR_API_KEY=key_f487017cc9fd16b8aa11ae51d6e34d128fa9a60358281adf3e75646b2479547c`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","cursor_token":"key_78355aa623b00ab29356623a2d5abd712488cf5c09d567e17c666f97103b5824"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync cursor_secret=key_6328851d2b2e7ac4657a37d727de63edda4398b8e37af1df2defb0160139088d attempt=2`,
			},
			FalsePositives: []string{
				`CURSOR_API_KEY=${CURSOR_API_KEY}`,
				`cursor_token: "key_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"`,
				`xcursorish_ref=key_96451a14f61f6f58cca0fe0ca1442682f730ded13409caa029013608f46b84bb`,
			},
		},
	}
}
