package queries

func proofRules() []*Rule {
	return []*Rule{
		{
			ID: "proof-full-access-api-key", Description: "Proof (Notarize) full-access API key", Severity: High,
			Provider: "Proof", Peers: []string{"proof-full-access-api-key"},
			Keywords: []string{"prf_"},
			Regex:    `(prf_(?:cli_)?[A-Za-z0-9_-]{20,80})` + valueEnd,
			// prf_test_ keys reach the sandbox only.
			Validators: []Validator{refusePrefix(reasonStructure, "prf_test_", "prf_cli_test_"), digitAndLetter},
			MinEntropy: 4.0, PreviewPrefix: 4,
			TruePositives: []string{
				`PROOF_API_KEY=prf_ecOY6lrr3W3FXtbzLvzn5HPXgQ1UzszKgedxGpoq`,
				`{"level":"error","msg":"request failed","token":"prf_au1Trca66S1al4A4YQNl9szyM9LiNR3kUlUWbzYn"}`,
			},
			FalsePositives: []string{
				`PROOF_API_KEY=prf_<your-token>`,
				`PROOF_API_KEY=prf_Uis1a5pDVGdZGdG5Sco`,
				`PROOF_API_KEY=prf_test_Qm7Xc2Lp9Wv4Nb8Kd3Hf6Gj1SaUe0iTo`,
			},
		},
	}
}
