package queries

// Deno credentials.
func denoRules() []*Rule {
	return []*Rule{
		{
			ID:            "deno-account-token",
			Description:   "Deno Deploy access token",
			Severity:      Critical,
			Provider:      "Deno",
			Peers:         []string{"deno-account-token"},
			Keywords:      []string{"ddp_", "ddo_"},
			Regex:         `(dd[po]_[A-Za-z0-9]{36})(?:[^A-Za-z0-9_-]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    3.9,
			PreviewPrefix: 4,
			TruePositives: []string{
				`DENO_DEPLOY_TOKEN=ddp_JVsqh6OECToPljkEF592KVTEOrX5m5VhFlJw`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"ddp_MYVHbzkMz9sdKEgPzgeJe4Dh8mvahTvXVfcS"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer ddp_PiHHN3dokrF4wuoyhPoqcF0UIch55fsm0rD5`,
			},
			FalsePositives: []string{
				`DENO_DEPLOY_TOKEN=ddp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`DENO_DEPLOY_TOKEN=ddp_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ`,
				`DENO_DEPLOY_TOKEN=ddp_aCMcs3eoBI1oPhhvlYcAVLCPb2joDl4zV`,
			},
		},
	}
}
