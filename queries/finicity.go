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
				`FINICITY_API_KEY=kZBNU5AduyrnFwgzUzsa`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","finicity_token":"7Ed9wV6lMbTpx0l9iPug"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync finicity_secret=k39XqXQrs5ip5kFoEgad attempt=2`,
			},
			FalsePositives: []string{
				`FINICITY_API_KEY=${FINICITY_API_KEY}`,
				`finicity_token: "0123456789ABCDEFGHIJ"`,
				`xfinicityish_ref=34yfEgJSOLpdEBkCIlbJ`,
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
				`FINICITY_API_KEY=7e858f5099a1f627f3c7ab3dfb1be9d5`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","finicity_token":"66368cec1f619c3028cef1fd3c3bbbb7"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync finicity_secret=1b816356631c48f6bf5f19b1fb1d36f5 attempt=2`,
			},
			FalsePositives: []string{
				`FINICITY_API_KEY=${FINICITY_API_KEY}`,
				`finicity_token: "0123456789abcdef0123456789abcdef"`,
				`xfinicityish_ref=d85dcb2b76822aa87699c5c792cb417e`,
			},
		},
	}
}
