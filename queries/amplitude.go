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
				`AMPLITUDE_API_KEY=b100bbb3191e3e4977859c12ad2f065c`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","amplitude_token":"364c5b617100d8a6234f23ef8f8caa84"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync amplitude_secret=39124699f64e4147e7b6acae46d895ae attempt=2`,
			},
			FalsePositives: []string{
				`AMPLITUDE_API_KEY=${AMPLITUDE_API_KEY}`,
				`amplitude_token: "0123456789abcdef0123456789abcdef"`,
				`xamplitudeish_ref=f3c0e176f1f76887f3646d490d398549`,
			},
		},
	}
}
