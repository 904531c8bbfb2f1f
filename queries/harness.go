package queries

// Harness credentials.
func harnessRules() []*Rule {
	return []*Rule{
		{
			ID:            "harness-api-key",
			Description:   "Harness personal or service account token",
			Severity:      Critical,
			Provider:      "Harness",
			Peers:         []string{"harness-api-key"},
			Keywords:      []string{"pat.", "sat."},
			Regex:         `\b((?:pat|sat)\.[A-Za-z0-9_-]{22}\.[0-9a-f]{24}\.[A-Za-z0-9]{20})(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.6,
			PreviewPrefix: 4,
			TruePositives: []string{
				`HARNESS_PLATFORM_API_KEY=pat.wjxPSzY8o1j8ubaz5mRp4E.340f88e7b0cd66c5dd820e31.ituuzbNNS1lM1LRckR7K`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"pat.1NBB0Dj_rlnyGZmy0T_HhT.4dba1240fce14c8dbbd5a917.RcWttgjTzvx6E6JNFd9X"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer pat.LuVZdHuNJQAQWih72-uk0W.5056b163f80974ad0f979cc3.PIZeIZ6HCMEFtyBcQXuU`,
			},
			FalsePositives: []string{
				`HARNESS_PLATFORM_API_KEY=pat.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxx`,
				`HARNESS_PLATFORM_API_KEY=pat.0123456789ABCDEFGHIJKL.0123456789abcdef01234567.0123456789ABCDEFGHIJ`,
			},
		},
	}
}
