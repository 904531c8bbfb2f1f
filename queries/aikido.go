package queries

// Aikido credentials.
func aikidoRules() []*Rule {
	return []*Rule{
		{
			ID:            "aikido-client-secret",
			Description:   "Aikido API client secret",
			Severity:      Critical,
			Provider:      "Aikido",
			Peers:         []string{"aikido-client-secret"},
			Keywords:      []string{"AIK_SECRET_"},
			Regex:         `(AIK_SECRET_[A-Za-z0-9]{64})(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.9,
			PreviewPrefix: 11,
			TruePositives: []string{
				`AIKIDO_CLIENT_SECRET=AIK_SECRET_o0FpqZZdh8bxEOjxMvVMjKDxGUwnEv0teZ6iX4pc27uqmGnNAGyzRbX6A24njJ48`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"AIK_SECRET_UWN3jyKVQivyxdOHK3xmuuX29sdiJuNxAoVvVpxV7nXj0LYXEgDeLoUwppoq4KXS"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer AIK_SECRET_UDpqJeSRUVRH2PAF2waHTxVFCpGltprLn0ajRcWJNAN7GsQGCVZnlDSh3KBxfoP3`,
			},
			FalsePositives: []string{
				`AIKIDO_CLIENT_SECRET=AIK_SECRET_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`AIKIDO_CLIENT_SECRET=AIK_SECRET_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz01`,
				`AIKIDO_CLIENT_SECRET=AIK_SECRET_thWEpgLKBGA73m8NqCTyMsAh4vZwZBfaDIWV0kXa170TIfUKcm6AqOS5SZXF9`,
			},
		},
		{
			ID:            "aikido-ci-token",
			Description:   "Aikido CI scan token",
			Severity:      Critical,
			Provider:      "Aikido",
			Peers:         []string{"aikido-ci-token"},
			Keywords:      []string{"AIK_CI_"},
			Regex:         `(AIK_CI_[A-Za-z0-9]{20,44})(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    3.7,
			PreviewPrefix: 7,
			TruePositives: []string{
				`AIKIDO_TOKEN=AIK_CI_TbGpNyTJ3VcwRQJDDLFpBnLmwxazu`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"AIK_CI_EegXabqoUMc3JCfwsTbNO1MV0nW"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer AIK_CI_ZHdHKHRGV8svMoZQAYRgTO92PBe8`,
			},
			FalsePositives: []string{
				`AIKIDO_TOKEN=AIK_CI_xxxxxxxxxxxxxxxxxxxx`,
				`AIKIDO_TOKEN=AIK_CI_0123456789ABCDEFGHIJ`,
				`AIKIDO_TOKEN=AIK_CI_aQzKPHISoA6z8pUtj`,
			},
		},
	}
}
