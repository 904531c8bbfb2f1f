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
			Regex:         `\b((?:pat|sat)\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{20})(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.3,
			PreviewPrefix: 4,
			TruePositives: []string{
				`HARNESS_PLATFORM_API_KEY=pat.nKrs0oiZgBG05deMBO75AA.2e762dc42c613df808b9b07d.H2vnKwbjrd5QNtV2msXA`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"pat.J2WwFnumzid76uzAMaLB3X.bb12f0d5272b01f983e7098e.KSLqG9AIpN8Z1OZ8ydBl"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer pat.eusY7XjwDPrxDvXr6X4l1t.cceb97716b2aaa25ae4491e3.3CxmhLl2Nxafh4PWuLPc`,
			},
			FalsePositives: []string{
				`HARNESS_PLATFORM_API_KEY=pat.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxx`,
				`HARNESS_PLATFORM_API_KEY=pat.0123456789ABCDEFGHIJKL.0123456789abcdef01234567.0123456789ABCDEFGHIJ`,
			},
		},
	}
}
