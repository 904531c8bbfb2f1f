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
			Validators:    []Validator{noRuns, mixedCase},
			MinEntropy:    4.2,
			PreviewPrefix: 4,
			TruePositives: []string{
				`DENO_DEPLOY_TOKEN=ddp_6zs0mqbGZLloDwJbQ7pP9haDU32CtXfwUviT`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"ddp_pgSVJqQr2P92t8SxQb99D42vtLp0CSC1Ph1E"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer ddp_r1p5bb1i9ASlqlzt1UB7zoWAbomSmrzIFHFD`,
			},
			FalsePositives: []string{
				`DENO_DEPLOY_TOKEN=ddp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`DENO_DEPLOY_TOKEN=ddp_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ`,
				`DENO_DEPLOY_TOKEN=ddp_6MrwJ9ktlxz9gU8YBU3SUTiqoihuDqkQB`,
			},
		},
	}
}
