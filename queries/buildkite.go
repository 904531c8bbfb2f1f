package queries

// Buildkite credentials.
func buildkiteRules() []*Rule {
	return []*Rule{
		{
			ID:            "buildkite-user-access-token",
			Description:   "Buildkite user API access token",
			Severity:      Critical,
			Provider:      "Buildkite",
			Peers:         []string{"buildkite-user-access-token"},
			Keywords:      []string{"bkua_"},
			Regex:         `(bkua_(?:[a-z0-9]{40}|[a-z0-9]{53}))(?:[^A-Za-z0-9_-]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.1,
			PreviewPrefix: 5,
			TruePositives: []string{
				`BUILDKITE_TOKEN=bkua_jalvxjac5dpp9631hpwq8xlga1cpdxfhounpyqrc`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"bkua_jzw0w3hp3gtileq9gfk10pmvtu6j775s4f0p46cf"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer bkua_5u73ampkpm0ypt7ljxvzg5bey3ekg4krki3b120i`,
			},
			FalsePositives: []string{
				`BUILDKITE_TOKEN=bkua_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`BUILDKITE_TOKEN=bkua_0123456789abcdefghijklmnopqrstuvwxyz0123`,
				`BUILDKITE_TOKEN=bkua_3pmqbc5n9f4lqq2st4wzm5xovjr30bj4iz6au`,
			},
		},
		{
			ID:            "buildkite-agent-token",
			Description:   "Buildkite agent, job, registration, cluster, package or portal token",
			Severity:      Critical,
			Provider:      "Buildkite",
			Peers:         []string{"buildkite-service-token"},
			Keywords:      []string{"bkaa_", "bkaj_", "bkar_", "bkct_", "bkpt_", "bkpat_", "bkps_"},
			Regex:         `(bk(?:aa_[A-Za-z0-9_-]{75}|aj_[A-Za-z0-9_-]{333}|ar_[A-Za-z0-9_-]{73}|ct_[A-Za-z0-9_-]{73}|pt_[A-Za-z0-9_-]{199}|pat_[A-Za-z0-9_-]{54}|ps_[A-Za-z0-9_-]{64}))(?:[^A-Za-z0-9_-]|$)`,
			Validators:    []Validator{noRuns, mixedCase},
			MinEntropy:    4.9,
			PreviewPrefix: 5,
			TruePositives: []string{
				`BUILDKITE_AGENT_TOKEN=bkaa_c7HiZgwlDRGbwEdZwLygbQ4FOKtNu95ElMQk2IaOqhPz6Nf4hX5IRR34jn6naaC9lYn3JBnJRkZ`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"bkaa_I9YBnaMOKzoPDkGxWB3g-aVAR2kodZvXjKW--PvO7UNavl7SPmUZS2EYepakzAMgK4JAK1I9Tsg"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer bkaa_bhD_Sgi6m2D8F8u99WvX-ogdzWu--Ow4OpS3J30ZkFD8oSjaEZlnyB9nelm2sYsnDiJECpGMPSZ`,
			},
			FalsePositives: []string{
				`BUILDKITE_AGENT_TOKEN=bkaa_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`BUILDKITE_AGENT_TOKEN=bkaa_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABC`,
				`BUILDKITE_AGENT_TOKEN=bkaa_G8n6FgNS1McEs1v1TCKzePb07kGMA6xrbG9_ZsYZ5SmXmYbtFiStEjl6Cd7O_C3-CFMhTTEG`,
			},
		},
	}
}
