package queries

// Cloudsmith credentials.
func cloudsmithRules() []*Rule {
	return []*Rule{
		{
			ID:            "cloudsmith-api-key",
			Description:   "Cloudsmith API key",
			Severity:      Critical,
			Provider:      "Cloudsmith",
			Peers:         []string{"cloudsmith-api-key"},
			Keywords:      []string{"csa_"},
			Regex:         `(csa_[0-9a-f]{30}[A-Za-z0-9]{6})(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    3.5,
			PreviewPrefix: 4,
			TruePositives: []string{
				`CLOUDSMITH_API_KEY=csa_347919a6b60bcd55e947556ea7033ba3UpCB`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"csa_11a0038ba0913c7597011bf33974a9Jj6L44"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer csa_a8f509f9ab08bc57b5de32d327585aeAPsMK`,
			},
			FalsePositives: []string{
				`CLOUDSMITH_API_KEY=csa_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`CLOUDSMITH_API_KEY=csa_0123456789abcdef0123456789abcd012345`,
			},
		},
	}
}
