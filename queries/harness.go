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
				`HARNESS_PLATFORM_API_KEY=pat.VD2k0xiEpsko8TGf8YKQdN.a8bd1530482bc8130c55ad5c.7mdJXi1oPbC5Wug9BYBU`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"pat.0fiPrdma4SmhXBoxkV1brB.b2b76f905cb9df71d93f7023.9l5HJuUulPSbsx2b3aTM"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer pat.3DMC0RDtYTGDkfFJfgjs1r.1508bbe3775573b98166b6eb.XMFQQZVEu4guoKnWCiXA`,
			},
			FalsePositives: []string{
				`HARNESS_PLATFORM_API_KEY=pat.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxx`,
				`HARNESS_PLATFORM_API_KEY=pat.0123456789ABCDEFGHIJKL.0123456789abcdef01234567.0123456789ABCDEFGHIJ`,
			},
		},
	}
}
