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
			MinEntropy:    3.5,
			PreviewPrefix: 4,
			TruePositives: []string{
				`ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIYoe8RSMNrHH2zXUHjfStR`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"LTAIy2AigA54nSYUE2wCJnv"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer LTAIy0jyEinKbQXmwnsvQAAV`,
			},
			FalsePositives: []string{
				`ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIxxxxxxxxxxxxxxxxx`,
				`ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI0123456789ABCDEFG`,
				`ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIgOF3Y8aarVEzDk`,
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
			Regex:       assigned(nameWords("alibaba", "aliyun"), `([A-Za-z0-9]{30})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, mixedCase},
			MinEntropy:  3.9,
			TruePositives: []string{
				`ALIBABA_API_KEY=XEZzzS7xSkL0Azl1p6xwQJvNMCpDgT`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","alibaba_token":"2ckS6oZTysw7vrzIJndJgDAgeLYqlb"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync alibaba_secret=ZdVFJzSe7v7P8WsvOrEfV3bo8HLF8j attempt=2`,
				`ALIYUN_ACCESS_KEY_SECRET=7jKwDtJkLnSlGdfwPR5gBn65PHcZG6`,
			},
			FalsePositives: []string{
				`ALIBABA_API_KEY=${ALIBABA_API_KEY}`,
				`alibaba_token: "0123456789ABCDEFGHIJKLMNOPQRST"`,
				`xalibabaish_ref=uzw50c4DUEQZNJbt2DLwrbaFUjanIS`,
			},
		},
	}
}
