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
				`DENO_DEPLOY_TOKEN=ddp_Y9S81nuLBSFrBjZjTRoRoeVowayI7z8s12it`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"ddp_rt2F0elkvPFZStnA9ritIRar5aFXNJm8IrCn"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer ddp_lmsqk1GfIIlcTTdn3jOZQNcpuPKvJJjdC3a6`,
			},
			FalsePositives: []string{
				`DENO_DEPLOY_TOKEN=ddp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`DENO_DEPLOY_TOKEN=ddp_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ`,
				`DENO_DEPLOY_TOKEN=ddp_XQ4lnabi3AhdEvzJHbDjr9d0wtsUuGtbl`,
			},
		},
	}
}
