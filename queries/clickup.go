package queries

// ClickUp credentials.
func clickupRules() []*Rule {
	return []*Rule{
		{
			ID:          "clickup-personal-api-token",
			Description: "ClickUp personal API token next to its name",
			Severity:    High,
			Provider:    "ClickUp",
			Peers:       []string{"clickup-personal-api-token"},
			Keywords:    []string{"clickup"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("clickup"), `(pk_[0-9]{8,9}_[A-Z0-9]{32})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.0,
			TruePositives: []string{
				`CLICKUP_API_KEY=pk_863155910_76PHVUSE7Y01D4ZG46A3RR8ZR0P2H3BL`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","clickup_token":"pk_454543038_B5GFHEAA59DMM40MWIIV9L4IASZI7UJP"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync clickup_secret=pk_622229399_BCW2I9OAJEASHCYP2D4YK38ZSYVBRA5D attempt=2`,
			},
			FalsePositives: []string{
				`CLICKUP_API_KEY=${CLICKUP_API_KEY}`,
				`clickup_token: "pk_01234567_0123456789ABCDEFGHIJKLMNOPQRSTUV"`,
				`xclickupish_ref=pk_009913570_HTQLVN5CQ1GOWUZ9KZ0TNE6TA4JEKQYH`,
			},
		},
	}
}
