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
				`JUMPCLOUD_API_KEY=EurL2AaGVvWJZFP37QsmC2Odb5m4SfiQqYHPp3Gx`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","jumpcloud_token":"236LmaqZhSSi8XTpkPpxF99IqD42ez4kyFeYHMpL"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync jumpcloud_secret=vWhoSPUWBhRD2iaPUrsYwkFDSP57M9ckS8HmDP5U attempt=2`,
			},
			FalsePositives: []string{
				`JUMPCLOUD_API_KEY=${JUMPCLOUD_API_KEY}`,
				`jumpcloud_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcd"`,
				`xjumpcloudish_ref=7GN84BHkagUcWvDK17qeHjhxNqB0jd8T4Dj6bajF`,
			},
		},
	}
}
