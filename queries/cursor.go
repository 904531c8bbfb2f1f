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
				`CURSOR_API_KEY=key_ad1dd674d02120af604d41028c3e3fb62fd65f7f4f88dd85e8f5fbd02325b1c2`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","cursor_token":"key_7f6ec2c49a1d1f1e55705aeb4d3798ef6142399df5994e99ba65c3129de6449e"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync cursor_secret=key_cf761db6ef5138fd052b7db1d8c484470ede078a89def8f09272039b1eee2e4d attempt=2`,
			},
			FalsePositives: []string{
				`CURSOR_API_KEY=${CURSOR_API_KEY}`,
				`cursor_token: "key_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"`,
				`xcursorish_ref=key_6554ba4c128dd044f1afdfdcaf32d02c3ca9c31070d5d370fc7dc5f2011edafd`,
			},
		},
	}
}
