package queries

// Midtrans production keys (Mid-server-… and Mid-client-…; sandbox keys start SB-).
func midtransRules() []*Rule {
	return []*Rule{
		{
			ID: "midtrans-production-server-client-key", Description: "Midtrans production server or client key", Severity: High,
			Provider: "Midtrans", Peers: []string{"midtrans-production-server-client-key"},
			Keywords:   []string{"Mid-server-", "Mid-client-"},
			Regex:      `(?:^|[^A-Za-z0-9-])(Mid-(?:server|client)-[A-Za-z0-9_-]{10,40})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.5, PreviewPrefix: 11,
			TruePositives: []string{
				`MIDTRANS_SERVER_KEY=Mid-server-RBYk-cfi7qm6FuzEfi9NawqF`,
				`{"level":"error","msg":"deploy step","token":"Mid-server-J53BlyUO8P40q75GLw0VObHI"}`,
			},
			FalsePositives: []string{
				`MIDTRANS_SERVER_KEY=Mid-server-<your-token>`,
				`MIDTRANS_SERVER_KEY=Mid-server-zr4Q5Oh6z`,
				`MIDTRANS_SERVER_KEY=SB-Mid-server-Tq8xK2pLm4Nv6Rb1Wc3Yd5Ze`,
			},
		},
	}
}
