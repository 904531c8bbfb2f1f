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
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.4,
			PreviewPrefix: 4,
			TruePositives: []string{
				`EASYPOST_API_KEY=EZAK7QuhSe0FGqAKRXZznJMOpkInZSdGvApWaabPPQnRRSm3hOf27XrbHL`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"EZAKOiuaqwZk3idGj9RtS0W7doius2fbBqUNFzyIimiSvoxyO4XQ2Xak9s"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer EZAKdKO7PNP40emKiyN3EdqBPNRCSMRm0l9D0OO5kBPcsaeJEpzXIeTowg`,
			},
			FalsePositives: []string{
				`EASYPOST_API_KEY=EZAKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`EASYPOST_API_KEY=EZAK0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqr`,
				`EASYPOST_API_KEY=EZAKtcn50XrFeKNRfYLyqy9UldwdwYbE5EIf9Opo2Hr6Zr4jG44jd6j`,
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
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.4,
			PreviewPrefix: 4,
			TruePositives: []string{
				`EASYPOST_TEST_KEY=EZTKiwTaI1rnLkRFGSLvY1zMd7JMmIHFfVxfyN3L4sBsKjDpnyasbafKDt`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"EZTKXnzILcfFmIHlNPUTrQC91xFCCEP6g8KoMze1kTY888fSmpzHEyd4it"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer EZTK1ZtFOJ9soAj5KzEOJR0nckfVHjISkIMX7vx9lNyyGyNKFmwdpwI69D`,
			},
			FalsePositives: []string{
				`EASYPOST_TEST_KEY=EZTKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`EASYPOST_TEST_KEY=EZTK0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqr`,
				`EASYPOST_TEST_KEY=EZTKVpcN1qwO8uFwsTh1mZaC0EVQED9el0QjYZmPVgbCht0lLXdjalo`,
			},
		},
	}
}
