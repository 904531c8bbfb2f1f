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
			Regex:       assigned(nameWords("gocardless"), `(live_[A-Za-z0-9_-]{40})(?:[^A-Za-z0-9\-_]|$)`),
			Validators:  []Validator{noRuns, mixedCase},
			MinEntropy:  4.4,
			TruePositives: []string{
				`GOCARDLESS_API_KEY=live_UEEuxvJYuOF13veU-fxDTr7VhsceKPUy9rZcmjCv`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","gocardless_token":"live_id4dVR4TRX_gjeutUuiqkfAWlETpAOIotrJy-HUo"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync gocardless_secret=live_qBDNweopiQZmfISHpIgvwEVkSoUKYxpZ1Nr0loX8 attempt=2`,
			},
			FalsePositives: []string{
				`GOCARDLESS_API_KEY=${GOCARDLESS_API_KEY}`,
				`gocardless_token: "live_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcd"`,
				`xgocardlessish_ref=live_nPNTzF5d5U4MMdey7pYDhrHWNLk7vYgTk8VfmNi4`,
			},
		},
	}
}
