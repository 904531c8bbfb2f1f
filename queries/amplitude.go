package queries

// Amplitude credentials.
func amplitudeRules() []*Rule {
	return []*Rule{
		{
			ID:          "amplitude-secret-key",
			Description: "Amplitude API or secret key next to its name",
			Severity:    High,
			Provider:    "Amplitude",
			Peers:       []string{"amplitude-secret-key"},
			Keywords:    []string{"amplitude"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("amplitude"), `([0-9a-f]{32})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.1,
			TruePositives: []string{
				`AMPLITUDE_API_KEY=16b83184641b20fb2b7c79e1b74f1763`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","amplitude_token":"c943d799fd4f417389b2a27bfee6529f"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync amplitude_secret=1bd9843b6690104e6fc7adfce18af92f attempt=2`,
			},
			FalsePositives: []string{
				`AMPLITUDE_API_KEY=${AMPLITUDE_API_KEY}`,
				`amplitude_token: "0123456789abcdef0123456789abcdef"`,
				`xamplitudeish_ref=46ec20c2552ebc8390ed1742f30ce096`,
			},
		},
	}
}
