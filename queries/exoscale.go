package queries

// Exoscale credentials.
func exoscaleRules() []*Rule {
	return []*Rule{
		{
			ID:            "exoscale-api-key",
			Description:   "Exoscale API key",
			Severity:      Medium,
			Provider:      "Exoscale",
			Peers:         []string{"exoscale-api-key"},
			Keywords:      []string{"EXO"},
			Regex:         `(EXO[A-Za-z0-9]{24,30})(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    3.1,
			PreviewPrefix: 3,
			TruePositives: []string{
				`EXOSCALE_API_KEY=EXOe6882a71fc0627bdce9fc1ef`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"EXOdb5f4e9f3a04ed6b91c41fc8"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer EXOb57b547a81d1c66b4e6bdf61`,
			},
			FalsePositives: []string{
				`EXOSCALE_API_KEY=EXOxxxxxxxxxxxxxxxxxxxxxxxx`,
				`EXOSCALE_API_KEY=EXO0123456789abcdef01234567`,
				`EXOSCALE_API_KEY=EXO334772aa8eab05544688c`,
				`EXOTICPARTICLESDETECTEDBYTHEARRAY`,
			},
		},
		{
			ID:          "exoscale-api-secret",
			Description: "Exoscale API secret next to its name",
			Severity:    High,
			Provider:    "Exoscale",
			Peers:       []string{"exoscale-api-secret"},
			Keywords:    []string{"exoscale"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("exoscale"), `([A-Za-z0-9_-]{40,60})(?:[^A-Za-z0-9\-_]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.9,
			TruePositives: []string{
				`EXOSCALE_API_KEY=Ub-mGL5VrBqmNTCtKiv2BFQDoJgRtlTOY46pESwmkm`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","exoscale_token":"p3dfnEo9gr31PglEWZzBoE3BeGUaeVUXuU1OkdC2oh8FP"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync exoscale_secret=WxwS42z48zFQuFyQBk1g4ZKpBrykLt3Qd60zZ4VjT0c9S5b_YNyd attempt=2`,
			},
			FalsePositives: []string{
				`EXOSCALE_API_KEY=${EXOSCALE_API_KEY}`,
				`exoscale_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcd"`,
				`xexoscaleish_ref=a2W1qlmYxk-wfgVRXlwpBhRSrTKVsg6EiH5VAWT6dR`,
			},
		},
	}
}
