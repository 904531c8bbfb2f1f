package queries

// Cerebras credentials.
func cerebrasRules() []*Rule {
	return []*Rule{
		{
			ID:            "cerebras-api-key",
			Description:   "Cerebras inference API key",
			Severity:      Critical,
			Provider:      "Cerebras",
			Peers:         []string{"cerebras-api-key"},
			Keywords:      []string{"csk-"},
			Regex:         `(csk-[a-z0-9]{48})(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.1,
			PreviewPrefix: 4,
			TruePositives: []string{
				`CEREBRAS_API_KEY=csk-tbnx1zrwi50wqv366zipdfr2sga27qfqz5bmzj22s691fun1`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"csk-j0oun20glqia3py6xu3cboyj6lxj4yb25ek1pgttnjrwdtrv"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer csk-4j4o1dya7tae93xmdcs0vqxl6gwf8xrgbwqbcht3j4y1l5yk`,
			},
			FalsePositives: []string{
				`CEREBRAS_API_KEY=csk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`CEREBRAS_API_KEY=csk-0123456789abcdefghijklmnopqrstuvwxyz0123456789ab`,
				`CEREBRAS_API_KEY=csk-4zm0208oc7qp9wxgn9exioa6b614w58ehvvc4oqxm0b7d`,
			},
		},
	}
}
