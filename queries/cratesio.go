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
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.8,
			TruePositives: []string{
				`CRATES_IO_API_KEY=cio7jDmWn3TXCScfTvBnk3TNvlXLfx7b8ar`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","crates_io_token":"cio7h0VhbTitmZVlyy73a8x1CK2FqA3ZB5X"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync crates_io_secret=cioWiadXgROsCSv6GD0Bpzj4ZvPiYJ139wJ attempt=2`,
			},
			FalsePositives: []string{
				`CRATES_IO_API_KEY=${CRATES_IO_API_KEY}`,
				`crates_io_token: "cio0123456789ABCDEFGHIJKLMNOPQRSTUV"`,
				`xcrates_ioish_ref=ciobUU8FsmTkvReZ1LX7OsLtUSTyh2wkNC9`,
			},
		},
	}
}
