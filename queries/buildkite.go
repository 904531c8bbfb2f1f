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
			MinEntropy:    4.0,
			PreviewPrefix: 5,
			TruePositives: []string{
				`BUILDKITE_TOKEN=bkua_q44y75hzqrneslyxucfy6wc7oakcbl9zxo7y7qxy`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"bkua_q79q03vl5tc5qj5r7t1ddcvxgoa6fd95ky8tczqx"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer bkua_5feoa62v3dkqz6g0abz4tp4x65azncf11tny8hka`,
			},
			FalsePositives: []string{
				`BUILDKITE_TOKEN=bkua_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`BUILDKITE_TOKEN=bkua_0123456789abcdefghijklmnopqrstuvwxyz0123`,
				`BUILDKITE_TOKEN=bkua_lmpt07xn6sc56765zdhfbkhg3t8rvrapcif0o`,
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
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.5,
			PreviewPrefix: 5,
			TruePositives: []string{
				`BUILDKITE_AGENT_TOKEN=bkaa_hZZbFm2qmVJGq2N9TQyiMnlQ4Q3bq_WSaDlpzwAHHIxsmd_9x7sq2c9CyaOr8yykly9WXTvjHrC`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"bkaa_djkn_m_uKgYc-POduAvEh1Adnb2iLw_WR2XzDYgss40gWmJd1UltWEKuzo5_Fnii204xELsPPcz"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer bkaa_cgEofloO1esW-MIdEJJZ-jC7F7QTUBwnBx7hHlcZ1h393_JTjpVUEZIz65tNWJ_fWePniIfJxAk`,
			},
			FalsePositives: []string{
				`BUILDKITE_AGENT_TOKEN=bkaa_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`BUILDKITE_AGENT_TOKEN=bkaa_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABC`,
				`BUILDKITE_AGENT_TOKEN=bkaa_vv0_uQKRsTtf5z8vHAuDXNZdTFbw8RBsDEFT3s3Ynsu7tMlLZK9zPu4FUuUGkdMC660jhEd4`,
			},
		},
	}
}
