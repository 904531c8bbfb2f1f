package queries

// JumpCloud credentials.
func jumpcloudRules() []*Rule {
	return []*Rule{
		{
			ID:          "jumpcloud-api-key",
			Description: "JumpCloud API key next to its name",
			Severity:    High,
			Provider:    "JumpCloud",
			Peers:       []string{"jumpcloud-api-key"},
			Keywords:    []string{"jumpcloud"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("jumpcloud"), `([A-Za-z0-9]{40})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.9,
			TruePositives: []string{
				`JUMPCLOUD_API_KEY=6st8iPYkDI0uvhvmBiPqRf06t44UkF4eU971e52d`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","jumpcloud_token":"Y3DZOotaAUJiVd870XLttaZdn9aKvvgBpXRJD6NT"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync jumpcloud_secret=S9eIM5N9ueKhNveWjzLAw06u7Anezf2IOy9bLcba attempt=2`,
			},
			FalsePositives: []string{
				`JUMPCLOUD_API_KEY=${JUMPCLOUD_API_KEY}`,
				`jumpcloud_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcd"`,
				`xjumpcloudish_ref=eqNgOk5U0FqgATDYkkuseSbiddc78YYXAbuYU9PL`,
			},
		},
	}
}
