package queries

// GoCardless credentials.
func gocardlessRules() []*Rule {
	return []*Rule{
		{
			ID:          "gocardless-api-token",
			Description: "GoCardless live access token next to its name",
			Severity:    High,
			Provider:    "GoCardless",
			Peers:       []string{"gocardless-api-token"},
			Keywords:    []string{"gocardless"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("gocardless"), `(live_[A-Za-z0-9=_-]{40})(?:[^A-Za-z0-9\-=_]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.0,
			TruePositives: []string{
				`GOCARDLESS_API_KEY=live_Wv6oKKP65N=3FasSSs81Hm2-vj0zIxJREOrA--d1`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","gocardless_token":"live_2oCJ1tFEj8_PJDmQWhXrEZgCDkPHYIAjLWLOkpXK"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync gocardless_secret=live_IT8kYXpI4mS7WVFLK9p7JF1uHKBIoa3NR0fW_QVp attempt=2`,
			},
			FalsePositives: []string{
				`GOCARDLESS_API_KEY=${GOCARDLESS_API_KEY}`,
				`gocardless_token: "live_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcd"`,
				`xgocardlessish_ref=live_rwk5gc4cTc46CN9Wz4OodkbIDtGwxqTmmEXKIir2`,
			},
		},
	}
}
