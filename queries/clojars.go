package queries

// Clojars credentials. A deploy token is CLOJARS_ then 60 lower-case hex digits (30 random
// bytes, hex-encoded by clojars-web); the rule also takes the other alphanumerics some
// tools' samples use, at the same exact length.
func clojarsRules() []*Rule {
	return []*Rule{
		{
			ID:          "clojars-api-token",
			Description: "Clojars deploy token",
			Severity:    Critical,
			Provider:    "Clojars",
			Peers:       []string{"clojars-api-token"},
			Keywords:    []string{"CLOJARS_"},
			Regex:       `(CLOJARS_[A-Za-z0-9]{60})(?:[^A-Za-z0-9]|$)`,
			Validators:  []Validator{noRuns, digitAndLetter},
			// A hex tail carries at most 4 bits a character: with the prefix a random token
			// measures 3.9-4.4, so the floor sits below that and above repeated-pattern fakes.
			MinEntropy:    3.6,
			PreviewPrefix: 8,
			TruePositives: []string{
				`CLOJARS_PASSWORD=CLOJARS_ecvi4ctvpu5pj4iudw5sm7kux8biwb731x6dcd2uzv6xd631yy3x4r59fhsr`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"CLOJARS_85dh6np74wy9zn3u6bpp45tg37i6td5urwrszq68wn7m6psjh9bjck4bnv1t"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer CLOJARS_asipuil9ti7lo9f20f7l49nxqwthqwnfjgqxz0956bve3dlmccngdmxrdhwf`,
				// The documented shape: 60 lower-case hex digits.
				`env CLOJARS_USERNAME=ci CLOJARS_PASSWORD=CLOJARS_9738c3ed13b12ad347dd8b771393fea784f45dc7ec335e067d695efcb4a2 clojure -T:build deploy`,
				`{"level":"debug","msg":"deploy","settings":{"deploy_token":"CLOJARS_719ec610800da4e7d7ae945af87c1fabce2b669c1da36068cf33ee0d9aea"}}`,
			},
			FalsePositives: []string{
				`CLOJARS_PASSWORD=CLOJARS_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`CLOJARS_PASSWORD=CLOJARS_0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmn`,
				`CLOJARS_PASSWORD=CLOJARS_6fux13q43d4uawbekjpjniqmi8ij9mylquwlxxxnfgcwhoqwvq1nzyhtn`,
				`CLOJARS_PASSWORD=CLOJARS_cafe1234cafe1234cafe1234cafe1234cafe1234cafe1234cafe1234cafe`,
				`CLOJARS_PASSWORD=CLOJARS_9738c3ed13b12ad347dd8b771393fea784f45dc7ec335e067d695efcb4a2f`,
			},
		},
	}
}
