package queries

// Gitter credentials.
func gitterRules() []*Rule {
	return []*Rule{
		{
			ID:          "gitter-access-token",
			Description: "Gitter access token next to its name",
			Severity:    High,
			Provider:    "Gitter",
			Peers:       []string{"gitter-access-token"},
			Keywords:    []string{"gitter"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("gitter"), `([A-Za-z0-9_-]{40})(?:[^A-Za-z0-9\-_]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.9,
			TruePositives: []string{
				`GITTER_API_KEY=Z8nBstVLLTYcEFqQtzs7RMefXTzA5YI9EC0ngwI_`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","gitter_token":"YBpUoBwQHvC-TagZ_qbv0p1gfHAoq9-iwYxU2CXp"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync gitter_secret=DVGbCF_GRGTxoJs6OoXy5sSHqjEGsW3q8rLBfpd7 attempt=2`,
			},
			FalsePositives: []string{
				`GITTER_API_KEY=${GITTER_API_KEY}`,
				`gitter_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcd"`,
				`xgitterish_ref=jVaJw_-4TLsuNpuwtejXigJcEv8gsJntNnT_4VaV`,
			},
		},
	}
}
