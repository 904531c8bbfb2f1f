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
				`EXOSCALE_API_KEY=EXO2e5efdb76fddf959360fe08b`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"EXO4c21fd13332eeb616f09a595"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer EXO4f0343c7ae14e1bdccb008a1`,
			},
			FalsePositives: []string{
				`EXOSCALE_API_KEY=EXOxxxxxxxxxxxxxxxxxxxxxxxx`,
				`EXOSCALE_API_KEY=EXO0123456789abcdef01234567`,
				`EXOSCALE_API_KEY=EXO955c23e40a51e8bc76b72`,
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
			Regex:       assigned(nameWords("exoscale"), `([A-Za-z0-9_-]{43})(?:[^A-Za-z0-9\-_]|$)`),
			Validators:  []Validator{noRuns, mixedCase},
			MinEntropy:  4.4,
			TruePositives: []string{
				`EXOSCALE_API_KEY=id5vsgFgLsb9N3r3azC_oYCSumDXQ0NueOLmtkeiC-y`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","exoscale_token":"_iWI3uKhRIdywB_OGN50_Licih8fZtLMFgJU7fhJQ6E"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync exoscale_secret=mmH-nj4B61z5eudGJmXwKY-8eh9SbOFMtP-Vi6ZObQU attempt=2`,
			},
			FalsePositives: []string{
				`EXOSCALE_API_KEY=${EXOSCALE_API_KEY}`,
				`exoscale_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg"`,
				`xexoscaleish_ref=afdrK7JoNv4-jGJbWlKS35ES0EdZTKAFfPskPCjGMjy`,
			},
		},
	}
}
