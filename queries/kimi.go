package queries

// Moonshot AI (Kimi) credentials.
func kimiRules() []*Rule {
	return []*Rule{
		{
			ID:          "kimi-api-key",
			Description: "Moonshot AI (Kimi) API key next to its name",
			Severity:    High,
			Provider:    "Moonshot AI (Kimi)",
			Peers:       []string{"kimi-api-key"},
			Keywords:    []string{"kimi", "moonshot"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("kimi", "moonshot"), `(sk-[A-Za-z0-9]{48})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, mixedCase},
			MinEntropy:  4.5,
			TruePositives: []string{
				`KIMI_API_KEY=sk-m5nhqagyfTnX8xmsCj9jAeDu58bvEf8XIwHgWBG9L3snLaxr`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","kimi_token":"sk-UPb8tjqSpHfP6Hnyn6vy1dApvzhuPbvymbJOocdiINHGXOdk"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync kimi_secret=sk-IOCUu1VA8spjlxqVeUygcvg6Ht8D6sSPSwmac8eud3zzOJLE attempt=2`,
			},
			FalsePositives: []string{
				`KIMI_API_KEY=${KIMI_API_KEY}`,
				`kimi_token: "sk-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijkl"`,
				`xkimiish_ref=sk-hDed2BJfGZVCcOeo2kZ1iW49w9CYN8Hc5m9irY1DjHNHQaJ4`,
			},
		},
	}
}
