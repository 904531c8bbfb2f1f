package queries

// Frame.io credentials.
func frameioRules() []*Rule {
	return []*Rule{
		{
			ID:            "frameio-api-token",
			Description:   "Frame.io developer token",
			Severity:      Critical,
			Provider:      "Frame.io",
			Peers:         []string{"frameio-api-token"},
			Keywords:      []string{"fio-u-"},
			Regex:         `(fio-u-[A-Za-z0-9_=-]{64})(?:[^A-Za-z0-9_=-]|$)`,
			Validators:    []Validator{noRuns, mixedCase},
			MinEntropy:    4.8,
			PreviewPrefix: 6,
			TruePositives: []string{
				`FRAMEIO_TOKEN=fio-u-U1A7RHGw1uQVhXkcrfCV4U09h2ZTVgXw3E4YFFmm80wmcoihn0dkT64KdLb_J8JB`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"fio-u-1E3I6HM65d_rlI4oPs5AVkbkSq04KhiZkBinAHB0QCUM2KUoo4yzZtAInEwUhTBx"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer fio-u-gtx0fxovemTMdBR0QV5hJVKP0kvVX6Bn3ZHw3L96PunOzQnqbVqqAqcg7eanYVnp`,
			},
			FalsePositives: []string{
				`FRAMEIO_TOKEN=fio-u-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`FRAMEIO_TOKEN=fio-u-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz01`,
				`FRAMEIO_TOKEN=fio-u-s8wxMzN1MNMCsgqdSqLxBgnxMT2KvJ7Rz0sHz2j6HVjKzYhDA27JP2PwFnZrx`,
			},
		},
	}
}
