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
			Regex:       assigned(nameWords("clickup"), `(pk_[0-9]{6,10}_[A-Z0-9]{32})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.0,
			TruePositives: []string{
				`CLICKUP_API_KEY=pk_803489776_E2NDA205WENO83O4835NDCM0UGCUMWGU`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","clickup_token":"pk_48775374_XYV6FVGAO74JXBZSMGGM4KKZ5Y6M6KBG"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync clickup_secret=pk_2883126734_X6MBB8W6EL7WCB8G3UN3N4G865PXM0LL attempt=2`,
			},
			FalsePositives: []string{
				`CLICKUP_API_KEY=${CLICKUP_API_KEY}`,
				`clickup_token: "pk_012345_0123456789ABCDEFGHIJKLMNOPQRSTUV"`,
				`xclickupish_ref=pk_628720_W9QU1GHARYQQ1CY04QH8275G2JFHVWEQ`,
			},
		},
	}
}
