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
				`CURSOR_API_KEY=key_efe4d1a061aed5bfaf25b1f71030ae678f4acc922e478edec105bcd3e94df03b`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","cursor_token":"key_b1bedc60c98327c38b4b36f7230962234f49274a85d39c38b037c40c8f9ac941"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync cursor_secret=key_1994a9e44495caf492d184d6761620637c2128ed4429869fb006da6087efe780 attempt=2`,
			},
			FalsePositives: []string{
				`CURSOR_API_KEY=${CURSOR_API_KEY}`,
				`cursor_token: "key_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"`,
				`xcursorish_ref=key_1518e249552c199f7b8c0916bc741714eb46d45e27e75987078de5be70e77fe3`,
			},
		},
	}
}
