package queries

// Clojars credentials.
func clojarsRules() []*Rule {
	return []*Rule{
		{
			ID:            "clojars-api-token",
			Description:   "Clojars deploy token",
			Severity:      Critical,
			Provider:      "Clojars",
			Peers:         []string{"clojars-api-token"},
			Keywords:      []string{"CLOJARS_"},
			Regex:         `(CLOJARS_[A-Za-z0-9]{60})(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.6,
			PreviewPrefix: 8,
			TruePositives: []string{
				`CLOJARS_PASSWORD=CLOJARS_ecvi4ctvpu5pj4iudw5sm7kux8biwb731x6dcd2uzv6xd631yy3x4r59fhsr`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"CLOJARS_85dh6np74wy9zn3u6bpp45tg37i6td5urwrszq68wn7m6psjh9bjck4bnv1t"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer CLOJARS_asipuil9ti7lo9f20f7l49nxqwthqwnfjgqxz0956bve3dlmccngdmxrdhwf`,
			},
			FalsePositives: []string{
				`CLOJARS_PASSWORD=CLOJARS_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`CLOJARS_PASSWORD=CLOJARS_0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmn`,
				`CLOJARS_PASSWORD=CLOJARS_6fux13q43d4uawbekjpjniqmi8ij9mylquwlxxxnfgcwhoqwvq1nzyhtn`,
			},
		},
	}
}
