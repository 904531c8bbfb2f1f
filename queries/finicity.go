package queries

// Finicity credentials.
func finicityRules() []*Rule {
	return []*Rule{
		{
			ID:          "finicity-client-secret",
			Description: "Finicity partner secret next to its name",
			Severity:    High,
			Provider:    "Finicity",
			Peers:       []string{"finicity-client-secret"},
			Keywords:    []string{"finicity"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("finicity"), `([A-Za-z0-9]{20})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.2,
			TruePositives: []string{
				`FINICITY_API_KEY=wHZFfxPyYczmrrV5PZkW`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","finicity_token":"PcOgPHhQAopT28GGQx31"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync finicity_secret=dC7YSRFQ46sZPjJAPd1e attempt=2`,
			},
			FalsePositives: []string{
				`FINICITY_API_KEY=${FINICITY_API_KEY}`,
				`finicity_token: "0123456789ABCDEFGHIJ"`,
				`xfinicityish_ref=gOAFeIBpxWpDoG8fZdYD`,
			},
		},
		{
			ID:          "finicity-api-token",
			Description: "Finicity app key next to its name",
			Severity:    High,
			Provider:    "Finicity",
			Peers:       []string{"finicity-api-token"},
			Keywords:    []string{"finicity"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("finicity"), `([0-9a-f]{32})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.0,
			TruePositives: []string{
				`FINICITY_API_KEY=900e06ffade65466a42133b283226b1f`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","finicity_token":"6c300d4b74e4d2da9e3d3c0ca5e554d8"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync finicity_secret=0c44d798e7d300b73daf47807237bb0b attempt=2`,
			},
			FalsePositives: []string{
				`FINICITY_API_KEY=${FINICITY_API_KEY}`,
				`finicity_token: "0123456789abcdef0123456789abcdef"`,
				`xfinicityish_ref=158360b0c2413ce0a6b3b84c70fa4829`,
			},
		},
	}
}
