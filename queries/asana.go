package queries

// Asana credentials.
func asanaRules() []*Rule {
	return []*Rule{
		{
			ID:          "asana-client-id",
			Description: "Asana OAuth client id next to its name",
			Severity:    Low,
			Provider:    "Asana",
			Peers:       []string{"asana-client-id"},
			Keywords:    []string{"asana"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("asana"), `([0-9]{16})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns},
			MinEntropy:  2.1,
			TruePositives: []string{
				`ASANA_API_KEY=5526072776999170`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","asana_token":"8952361849989919"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync asana_secret=6944376008378581 attempt=2`,
			},
			FalsePositives: []string{
				`ASANA_API_KEY=${ASANA_API_KEY}`,
				`asana_token: "0123456789012345"`,
				`xasanaish_ref=1243230913518835`,
			},
		},
		{
			ID:          "asana-client-secret",
			Description: "Asana OAuth client secret next to its name",
			Severity:    High,
			Provider:    "Asana",
			Peers:       []string{"asana-client-secret"},
			Keywords:    []string{"asana"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("asana"), `([A-Za-z0-9]{32})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.7,
			TruePositives: []string{
				`ASANA_API_KEY=YHJEjt4OVaqQxH4IkVxQXh63RJTxkzt8`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","asana_token":"xVTE9H6l6qAd6b4Ih720mIojVJzCwwZ6"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync asana_secret=n5DvGZgOD03kCS7oO6GDC7XeYmBFMNqI attempt=2`,
			},
			FalsePositives: []string{
				`ASANA_API_KEY=${ASANA_API_KEY}`,
				`asana_token: "0123456789ABCDEFGHIJKLMNOPQRSTUV"`,
				`xasanaish_ref=6HWy4r5ctjWtreIdZganGb1kvBLoacaT`,
			},
		},
	}
}
