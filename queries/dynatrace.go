package queries

// Dynatrace credentials.
func dynatraceRules() []*Rule {
	return []*Rule{
		{
			ID:            "dynatrace-api-token",
			Description:   "Dynatrace API token",
			Severity:      Critical,
			Provider:      "Dynatrace",
			Peers:         []string{"dynatrace-api-token"},
			Keywords:      []string{"dt0c01."},
			Regex:         `(dt0c01\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64})(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.6,
			PreviewPrefix: 7,
			TruePositives: []string{
				`DT_API_TOKEN=dt0c01.JV48PXG2DIRZ96PIE6M0OK26.NWTI0DUXCKRPWW8IY8A2R5MBJVJW96BJX3O9MNJXNMXXALZD8GWPWCTCWXDVBFLA`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"dt0c01.Y86EBRRK0KBJ600LHKLHZL0U.W5DEO6PRC13M9H9S1CKKHC6AHAU0EBBZ4R3HF9H5L7S3ET638ICBB5EL95ZP7COU"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer dt0c01.76BNWEFPY1GMQ2ZH66RLIJ8K.CM07D66WMKVUKUJZN7PQMIX5DZHB85VB02D2ZKBFPHHCK7MQ3AIQ2VAGDFQNR9F6`,
			},
			FalsePositives: []string{
				`DT_API_TOKEN=dt0c01.xxxxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`DT_API_TOKEN=dt0c01.0123456789ABCDEFGHIJKLMN.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGHIJKLMNOPQR`,
			},
		},
	}
}
