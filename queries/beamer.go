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
				`BEAMER_API_KEY=b_9vu6hwv5wq4fs8x5vl6zde2jaho_uix7_=xw8jxdzd7z`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","beamer_token":"b_hg5r5f9hyjz1wiccwdaa-d=_x_p3ta_hxt-b=qha4tlv"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync beamer_secret=b_pfc=b-l45o4dgmoqv1fq=u0_9-gy_m28rg03hvkfcuzn attempt=2`,
			},
			FalsePositives: []string{
				`BEAMER_API_KEY=${BEAMER_API_KEY}`,
				`beamer_token: "b_0123456789abcdefghijklmnopqrstuvwxyz01234567"`,
				`xbeamerish_ref=b_bjgrfgwre2at2jkk3t=juwl5k51vwqdltn0byx7qcux6`,
			},
		},
	}
}
