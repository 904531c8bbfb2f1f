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
			MinEntropy:  4.1,
			TruePositives: []string{
				`GOCARDLESS_API_KEY=live_pEg_BtIe2v8vjuTlGZQvLjOMjKANTeR0fu=qaUA3`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","gocardless_token":"live_7HF6s0I305ZEQscEUIzM9ncgZ6BH231Mw9bjyJtg"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync gocardless_secret=live_zsUaDKZJFEocd3256dyPzVNBG21J1EufSb-HKRfh attempt=2`,
			},
			FalsePositives: []string{
				`GOCARDLESS_API_KEY=${GOCARDLESS_API_KEY}`,
				`gocardless_token: "live_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcd"`,
				`xgocardlessish_ref=live_FCGgSIuhGulaNZN3UhO48l=ce1fUiktetWz5C8K5`,
			},
		},
	}
}
