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
			MinEntropy:    4.3,
			PreviewPrefix: 7,
			TruePositives: []string{
				`CIRCLE_TOKEN=CCIPAT_ADJTObdztNlSA6zM37NV84_02a0ab25e30581f2b863cfcab73eac1b824ec3be`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"CCIPAT_jQhi7YttbYTCznJHZhNA0u_c1cbd6b1f8b97e5e6c497d8199dbd19aeca959db"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer CCIPAT_vyU7X7UNzf5lFPsU6lvtsg_d8caebdeaabb1205ce1348163366110e8201fea5`,
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
			MinEntropy:  3.2,
			TruePositives: []string{
				`CIRCLECI_API_KEY=2a7af52d7efd0c584c33617b1d713c7ec2506cdf`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","circleci_token":"ad25d30873fc0153e39bce427f8866321ac788e0"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync circleci_secret=1a19ac079fca8031d80beea3571e7976c055695b attempt=2`,
			},
			FalsePositives: []string{
				`CIRCLECI_API_KEY=${CIRCLECI_API_KEY}`,
				`circleci_token: "0123456789abcdef0123456789abcdef01234567"`,
				`xcircleciish_ref=0cb16aef0709d89d01c416d5be969b05785424bb`,
			},
		},
	}
}
