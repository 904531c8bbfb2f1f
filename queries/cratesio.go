package queries

// crates.io credentials.
func cratesioRules() []*Rule {
	return []*Rule{
		{
			ID:          "crates-io-api-key",
			Description: "crates.io API token next to its name",
			Severity:    High,
			Provider:    "crates.io",
			Peers:       []string{"crates-io-api-key"},
			Keywords:    []string{"crates", "cargo_registry_token"},
			IgnoreCase:  true,
			Regex:       assigned(credentialName(`crates(?:[_.-]?io)?|cargo_registry_`), `(cio[A-Za-z0-9]{32})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, mixedCase},
			MinEntropy:  4.1,
			TruePositives: []string{
				`CRATES_IO_API_KEY=cioDX3SxQsAuHkzaEvEstzFFcYXr5MFyQOJ`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","crates_io_token":"cio9zgj86hi0vMi6cxR3ZJE1ZjXhiGQZFey"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync crates_io_secret=cioJxJckfaMMr0BuurBGDBJZr7DwyzFsaOZ attempt=2`,
			},
			FalsePositives: []string{
				`CRATES_IO_API_KEY=${CRATES_IO_API_KEY}`,
				`crates_io_token: "cio0123456789ABCDEFGHIJKLMNOPQRSTUV"`,
				`xcrates_ioish_ref=ciojwMCpWyS7VQxKpCYNL2ynUhl0hvWmKIx`,
			},
		},
	}
}
