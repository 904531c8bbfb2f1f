package queries

// CircleCI credentials.
func circleciRules() []*Rule {
	return []*Rule{
		{
			ID:            "circleci-personal-token",
			Description:   "CircleCI personal or project API token",
			Severity:      Critical,
			Provider:      "CircleCI",
			Peers:         []string{"circleci-personal-token"},
			Keywords:      []string{"CCIPAT_", "CCIPRJ_"},
			Regex:         `(CCIP(?:AT|RJ)_[A-Za-z0-9]{22}_[0-9a-f]{40})(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.2,
			PreviewPrefix: 7,
			TruePositives: []string{
				`CIRCLE_TOKEN=CCIPAT_jz40E0qHCURraewFcZ6CYb_f819ab4c601b569d52c0900f52d91bb8da76799d`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"CCIPAT_SKBpLyNZUR8q0DrnlkjwUi_cb27bf7c4fc967e069aef7915a800c250bfec93f"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer CCIPAT_dqPdcYvlBR0OnRRm4rQmjg_08efabdc32212911552b3c482107489706f82b5d`,
			},
			FalsePositives: []string{
				`CIRCLE_TOKEN=CCIPAT_xxxxxxxxxxxxxxxxxxxxxx_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`CIRCLE_TOKEN=CCIPAT_0123456789ABCDEFGHIJKL_0123456789abcdef0123456789abcdef01234567`,
			},
		},
		{
			ID:          "circleci-project-token",
			Description: "CircleCI legacy API token next to its name",
			Severity:    High,
			Provider:    "CircleCI",
			Peers:       []string{"circleci-project-token"},
			Keywords:    []string{"circleci", "circle_token"},
			IgnoreCase:  true,
			Regex:       assigned(credentialName(`circleci|circle_`), `([0-9a-f]{40})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.1,
			TruePositives: []string{
				`CIRCLECI_API_KEY=053e4a2ff0d2e39b23ce75a8205674a1144f4d15`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","circleci_token":"030120a6d6ea6bead332d25a2d2cc5fea7cdf3d1"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync circleci_secret=72502bd52477995a8975504efbe46d595a19fe71 attempt=2`,
			},
			FalsePositives: []string{
				`CIRCLECI_API_KEY=${CIRCLECI_API_KEY}`,
				`circleci_token: "0123456789abcdef0123456789abcdef01234567"`,
				`xcircleciish_ref=dc8d11d24bbf1ae81e595f05ffa5b93f4aeaa8f7`,
			},
		},
	}
}
