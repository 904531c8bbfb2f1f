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
			MinEntropy:  3.7,
			TruePositives: []string{
				`CRATES_IO_API_KEY=ciodba2MEm7a8Xf8d237IhhrLHzRGCBJSq3`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","crates_io_token":"cioMNwXtGvVWDau5iUMVKqlrSMpxeiWjcDz"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync crates_io_secret=cioLWrjeXqW57gtIOnwEJxoOvUSzboO1WrP attempt=2`,
			},
			FalsePositives: []string{
				`CRATES_IO_API_KEY=${CRATES_IO_API_KEY}`,
				`crates_io_token: "cio0123456789ABCDEFGHIJKLMNOPQRSTUV"`,
				`xcrates_ioish_ref=ciogwMVchil1JaSH9FZz7QAS51ew9I1FCgl`,
			},
		},
	}
}
