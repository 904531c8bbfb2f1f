package queries

// Beamer credentials.
func beamerRules() []*Rule {
	return []*Rule{
		{
			ID:          "beamer-api-token",
			Description: "Beamer API key next to its name",
			Severity:    High,
			Provider:    "Beamer",
			Peers:       []string{"beamer-api-token"},
			Keywords:    []string{"beamer"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("beamer"), `(b_[a-z0-9=_-]{44})(?:[^A-Za-z0-9\-=_]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.1,
			TruePositives: []string{
				`BEAMER_API_KEY=b_sv8iobwzjoytltic82q56vhstjqzssz98cp8o-55dt9n`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","beamer_token":"b_wcj_tc60tgadwa32y_54myzdjp_qournsmvs60w6ss5m"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync beamer_secret=b_99lofh2gt90vz9j3e-jzt878b68_r6wpxpz3=5e9a8ck attempt=2`,
			},
			FalsePositives: []string{
				`BEAMER_API_KEY=${BEAMER_API_KEY}`,
				`beamer_token: "b_0123456789abcdefghijklmnopqrstuvwxyz01234567"`,
				`xbeamerish_ref=b_ias1kqz8h=d3ifwrlcsj0kmrx=6qej3ct5sl2i8zf1qu`,
			},
		},
	}
}
