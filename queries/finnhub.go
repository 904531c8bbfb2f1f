package queries

// Finnhub credentials.
func finnhubRules() []*Rule {
	return []*Rule{
		{
			ID:          "finnhub-access-token",
			Description: "Finnhub API key next to its name",
			Severity:    High,
			Provider:    "Finnhub",
			Peers:       []string{"finnhub-access-token"},
			Keywords:    []string{"finnhub"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("finnhub"), `([a-z0-9]{20})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.2,
			TruePositives: []string{
				`FINNHUB_API_KEY=j8t1amvw16ez3xqvr23z`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","finnhub_token":"p8v86mqifqnlnwav2emg"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync finnhub_secret=awx7fz6vx51x253iyexo attempt=2`,
			},
			FalsePositives: []string{
				`FINNHUB_API_KEY=${FINNHUB_API_KEY}`,
				`finnhub_token: "0123456789abcdefghij"`,
				`xfinnhubish_ref=d8xd6ep5lzrt78drqyo5`,
			},
		},
	}
}
