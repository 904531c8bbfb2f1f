package queries

// EasyPost credentials.
func easypostRules() []*Rule {
	return []*Rule{
		{
			ID:            "easypost-api-token",
			Description:   "EasyPost production API key",
			Severity:      Critical,
			Provider:      "EasyPost",
			Peers:         []string{"easypost-api-token"},
			Keywords:      []string{"EZAK"},
			Regex:         `(EZAK[A-Za-z0-9]{54})(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, mixedCase},
			MinEntropy:    4.6,
			PreviewPrefix: 4,
			TruePositives: []string{
				`EASYPOST_API_KEY=EZAKtKe5qlPr67Me9zHMNBI8Ah4MEsk8P7SmCC2JPneQiUXqioIedQG29S`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"EZAKyN7XwKbzyZDNoYeIRRt6GeT5wpLxyrOeLF6h3Owx7K0Ag7gFGFTYNZ"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer EZAKlTJtoc5zSqOUkSJprqZT2RTWgRugV2rApLPCi3s8oBSI2tzP1qv1BP`,
			},
			FalsePositives: []string{
				`EASYPOST_API_KEY=EZAKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`EASYPOST_API_KEY=EZAK0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqr`,
				`EASYPOST_API_KEY=EZAKmze68Tl2DzKHiJDJK6048XwSw05zP7Ooo19eQGLQwq3elsaAo8U`,
			},
		},
		{
			ID:            "easypost-test-api-token",
			Description:   "EasyPost test API key",
			Severity:      Medium,
			Provider:      "EasyPost",
			Peers:         []string{"easypost-test-api-token"},
			Keywords:      []string{"EZTK"},
			Regex:         `(EZTK[A-Za-z0-9]{54})(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, mixedCase},
			MinEntropy:    4.6,
			PreviewPrefix: 4,
			TruePositives: []string{
				`EASYPOST_TEST_KEY=EZTKXCCfru9btWsQsmNejr0fr83VvzshOJBA1d9bqkxXanZrnWRONXP8jA`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"EZTKL07p8UHxO5f7N44YcI8tkM3duRyhpDNAYAJj96gfPJrJTeDhPiac8o"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer EZTKlMOJGR8stGQQwD5P1fvhAEUqYvNKO0Chi6GICSp3fHT3isB2knEXsR`,
			},
			FalsePositives: []string{
				`EASYPOST_TEST_KEY=EZTKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`EASYPOST_TEST_KEY=EZTK0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqr`,
				`EASYPOST_TEST_KEY=EZTKJVEgp3iIgdOXiCIKpVsefoyEEi1c4Pfcqhcw6HqKa4MG8UOXOzO`,
			},
		},
	}
}
