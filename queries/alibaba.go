package queries

// Alibaba Cloud credentials.
func alibabaRules() []*Rule {
	return []*Rule{
		{
			ID:            "alibaba-access-key-id",
			Description:   "Alibaba Cloud AccessKey ID",
			Severity:      High,
			Provider:      "Alibaba Cloud",
			Peers:         []string{"alibaba-access-key-id"},
			Keywords:      []string{"LTAI"},
			Regex:         `(LTAI[A-Za-z0-9]{17,21})(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, mixedCase},
			MinEntropy:    3.4,
			PreviewPrefix: 4,
			TruePositives: []string{
				`ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIhKIDYjDkDxaVR8ByNf1f`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"LTAIpFyWf6jTOubmBZquipmzB"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer LTAIKchHDVh5LUdBiMsMA`,
			},
			FalsePositives: []string{
				`ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIxxxxxxxxxxxxxxxxx`,
				`ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI0123456789ABCDEFG`,
				`ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIkode9hGdvMjAIU`,
			},
		},
		{
			ID:          "alibaba-secret-key",
			Description: "Alibaba Cloud AccessKey secret next to its name",
			Severity:    Critical,
			Provider:    "Alibaba Cloud",
			Peers:       []string{"alibaba-secret-key", "alibaba-sts-access-key-secret"},
			Keywords:    []string{"alibaba", "aliyun"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("alibaba", "aliyun"), `([A-Za-z0-9]{30,64})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.6,
			TruePositives: []string{
				`ALIBABA_API_KEY=5HWWysmGcrtFX7rUUUYEFNRnsf76FBP9M4wUNn`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","alibaba_token":"9hnCSCxLADshsAKuU7C2EJ4VciyrS0uXvCyWDYM"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync alibaba_secret=oxlY21uqgV58UAc2J0mFRRYJ21hVFufUWf attempt=2`,
				`ALIYUN_ACCESS_KEY_SECRET=7jKwDtJkLnSlGdfwPR5gBn65PHcZG6`,
			},
			FalsePositives: []string{
				`ALIBABA_API_KEY=${ALIBABA_API_KEY}`,
				`alibaba_token: "0123456789ABCDEFGHIJKLMNOPQRST"`,
				`xalibabaish_ref=ot0az4su1RjVQZ8dC5ijAvJfPkEitb`,
			},
		},
	}
}
