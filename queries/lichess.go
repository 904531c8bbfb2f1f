package queries

func lichessRules() []*Rule {
	return []*Rule{
		{
			ID: "lichess-personal-access-token", Description: "Lichess personal access token", Severity: Medium,
			Provider: "Lichess", Peers: []string{"lichess-personal-access-token"},
			Keywords:   []string{"lip_"},
			Regex:      `(lip_[A-Za-z0-9_]{16,60})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.0, PreviewPrefix: 4,
			TruePositives: []string{
				`LICHESS_TOKEN=lip_tKGu86wlTGV8XxE1bW0I`,
				`{"level":"error","msg":"client init","token":"lip_Td3mAydfdtxJ8els6Es0"}`,
			},
			FalsePositives: []string{
				`LICHESS_TOKEN=lip_<your-token>`,
				`LICHESS_TOKEN=lip_Nsz3jFkn14wEG0d`,
			},
		},
	}
}
