package queries

// Finicity credentials.
func finicityRules() []*Rule {
	return []*Rule{
		{
			ID:          "finicity-client-secret",
			Description: "Finicity partner secret next to its name",
			Severity:    High,
			Provider:    "Finicity",
			Peers:       []string{"finicity-client-secret"},
			Keywords:    []string{"finicity"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("finicity"), `([A-Za-z0-9]{20})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, mixedCase},
			MinEntropy:  3.5,
			TruePositives: []string{
				`FINICITY_API_KEY=TujERxyM3poL6qyXla0d`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","finicity_token":"eDA9PFx6Ok5KAbG2qi2x"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync finicity_secret=qdVR6WuYPSlxiaVJrlL9 attempt=2`,
			},
			FalsePositives: []string{
				`FINICITY_API_KEY=${FINICITY_API_KEY}`,
				`finicity_token: "0123456789ABCDEFGHIJ"`,
				`xfinicityish_ref=2doWML5zSRTbpH9kVUcZ`,
			},
		},
		{
			ID:          "finicity-api-token",
			Description: "Finicity app key next to its name",
			Severity:    High,
			Provider:    "Finicity",
			Peers:       []string{"finicity-api-token"},
			Keywords:    []string{"finicity"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("finicity"), `([0-9a-f]{32})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.0,
			TruePositives: []string{
				`FINICITY_API_KEY=aae84ca59934af56ead1561847d06d50`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","finicity_token":"dbe9595a34743a5933c601616f1f9c02"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync finicity_secret=901c418992ce55759b87980dffae8932 attempt=2`,
			},
			FalsePositives: []string{
				`FINICITY_API_KEY=${FINICITY_API_KEY}`,
				`finicity_token: "0123456789abcdef0123456789abcdef"`,
				`xfinicityish_ref=402b67e55b463cd5bd684a1b38bd9020`,
			},
		},
	}
}
