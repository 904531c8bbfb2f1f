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
			MinEntropy:    3.2,
			PreviewPrefix: 3,
			TruePositives: []string{
				`EXOSCALE_API_KEY=EXO9a8b36681d0a3385f6620ff3`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"EXOf49210f4af36989946d8bcf2"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer EXO2f9b9a05ad6420792396433f`,
			},
			FalsePositives: []string{
				`EXOSCALE_API_KEY=EXOxxxxxxxxxxxxxxxxxxxxxxxx`,
				`EXOSCALE_API_KEY=EXO0123456789abcdef01234567`,
				`EXOSCALE_API_KEY=EXO0a6f25f93680fc6caeb54`,
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
				`EXOSCALE_API_KEY=4A8aZXGMSmQnaQOgBOWLGCSHcf_iQsP5clsPqEV2ApAerrxL`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","exoscale_token":"QoDqcqzRTBWC1irA3iplO7ekdTT_W1LWsDq6xbZyXxf77xMfu5"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync exoscale_secret=WD56L1nh6apq4l6f6AVHsDxxHNwOymN9GaPR0lQ_P16U4fdv2_ attempt=2`,
			},
			FalsePositives: []string{
				`EXOSCALE_API_KEY=${EXOSCALE_API_KEY}`,
				`exoscale_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcd"`,
				`xexoscaleish_ref=tsHpvAI0wTxgaEVfdIewqsvV9S1GlPYTAwYWU2viK_iCnNU8`,
			},
		},
	}
}
