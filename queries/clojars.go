package queries

// Clojars credentials.
func clojarsRules() []*Rule {
	return []*Rule{
		{
			ID:            "clojars-api-token",
			Description:   "Clojars deploy token",
			Severity:      Critical,
			Provider:      "Clojars",
			Peers:         []string{"clojars-api-token"},
			Keywords:      []string{"CLOJARS_"},
			Regex:         `(CLOJARS_[A-Za-z0-9]{60})(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.5,
			PreviewPrefix: 8,
			TruePositives: []string{
				`CLOJARS_PASSWORD=CLOJARS_oncxpw6pvigf1hp6l79tokw1gaigzedwt7m9ubpn7igaexlc6nuj8a75yaas`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"CLOJARS_cslfydublkdirxtc48202soxd9mkkdrb83ph68e0ec3t1hyiu0vli74jndev"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer CLOJARS_2q2wds6yk8q2vdhtse3sohfoogsq1f5otbsm1nakaf3ps2kl7ontwka0vzff`,
			},
			FalsePositives: []string{
				`CLOJARS_PASSWORD=CLOJARS_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`CLOJARS_PASSWORD=CLOJARS_0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmn`,
				`CLOJARS_PASSWORD=CLOJARS_cqx3zffqyugfy50hg8c0t50wbncpie238wug2r8j9kodpwc0pcoe54b7c`,
			},
		},
	}
}
