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
			Regex:       assigned(nameWords("jumpcloud"), `([0-9a-f]{40})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.2,
			TruePositives: []string{
				`JUMPCLOUD_API_KEY=2dce4ac4d002bebe580bc807e9baa1eff15db0ca`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","jumpcloud_token":"de8108d98385b83f5fa1b64b65420793ac314f7a"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync jumpcloud_secret=9b3d846b0f1b28722db65932e0fd3fa43c1a4548 attempt=2`,
			},
			FalsePositives: []string{
				`JUMPCLOUD_API_KEY=${JUMPCLOUD_API_KEY}`,
				`jumpcloud_token: "0123456789abcdef0123456789abcdef01234567"`,
				`xjumpcloudish_ref=0f0c0022d8363612f4b2ae793a440c4e2aeada42`,
			},
		},
	}
}
