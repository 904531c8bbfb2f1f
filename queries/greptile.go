package queries

// Greptile credentials.
func greptileRules() []*Rule {
	return []*Rule{
		{
			ID:          "greptile-api-key",
			Description: "Greptile API key next to its name",
			Severity:    High,
			Provider:    "Greptile",
			Peers:       []string{"greptile-api-key"},
			Keywords:    []string{"greptile"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("greptile"), `([A-Za-z0-9+/]{48})(?:[^A-Za-z0-9+/]|$)`),
			Validators:  []Validator{noRuns, mixedCase},
			MinEntropy:  4.4,
			TruePositives: []string{
				`GREPTILE_API_KEY=gIKd0sOFzsHBTcFtKlCcugXMAVxc7L6GG+FSjdPL6TfD+f3v`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","greptile_token":"bousQaKr96sRNI+mxEQ3MCU+960mBMxNbTJcjVgm0NDku9em"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync greptile_secret=J9b9PiPHYd4ZLGUWUwyZd+GBCp60aHVwN9OwxKRHxd5Vob6N attempt=2`,
			},
			FalsePositives: []string{
				`GREPTILE_API_KEY=${GREPTILE_API_KEY}`,
				`greptile_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijkl"`,
				`xgreptileish_ref=jHWZV63RrL3/hg/ZXrRo8RKyYFeULVE9K//I90qhr2sRN5nt`,
			},
		},
	}
}
