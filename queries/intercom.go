package queries

// Intercom credentials.
func intercomRules() []*Rule {
	return []*Rule{
		{
			ID:          "intercom-api-key",
			Description: "Intercom access token next to its name",
			Severity:    High,
			Provider:    "Intercom",
			Peers:       []string{"intercom-api-key"},
			Keywords:    []string{"intercom"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("intercom"), `([A-Za-z0-9=_-]{60})(?:[^A-Za-z0-9\-=_]|$)`),
			Validators:  []Validator{noRuns, mixedCase},
			MinEntropy:  4.7,
			TruePositives: []string{
				`INTERCOM_API_KEY=_5l27V993am882NstksM5JtAY7pjWMYUUWcQB2ApqsJVpiTFVdzdZo=F4PUC`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","intercom_token":"BVmtkquWe=PY8D2u5XaWI=hk70SDfBTOhK5mLlSQU0Xf1tChzqJgq7Jg0JnU"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync intercom_secret=-gt_0I9Cavm4s5QSsRo47Apq9d-3aY5orhJpsRodOxqjTWk43NyE8ZtRx18q attempt=2`,
			},
			FalsePositives: []string{
				`INTERCOM_API_KEY=${INTERCOM_API_KEY}`,
				`intercom_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwx"`,
				`xintercomish_ref=NPPNYvCWphv-Mjadq6=cmFaWhKc=Yl3OXWu790LWMvEttV8LxHIxDEXxZEgA`,
			},
		},
	}
}
