package queries

// KuCoin credentials.
func kucoinRules() []*Rule {
	return []*Rule{
		{
			ID:          "kucoin-access-token",
			Description: "KuCoin API key next to its name",
			Severity:    Medium,
			Provider:    "KuCoin",
			Peers:       []string{"kucoin-access-token"},
			Keywords:    []string{"kucoin"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("kucoin"), `([0-9a-f]{24})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  2.9,
			TruePositives: []string{
				`KUCOIN_API_KEY=2fc225e51ce0b7176028a059`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","kucoin_token":"23025b19e1efa76bc94a76d4"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync kucoin_secret=027deb00d72cecd1e7cf2145 attempt=2`,
			},
			FalsePositives: []string{
				`KUCOIN_API_KEY=${KUCOIN_API_KEY}`,
				`kucoin_token: "0123456789abcdef01234567"`,
				`xkucoinish_ref=6ee319fd5cbff420087ce779`,
			},
		},
		{
			ID:          "kucoin-secret-key",
			Description: "KuCoin API secret next to its name",
			Severity:    Critical,
			Provider:    "KuCoin",
			Peers:       []string{"kucoin-secret-key"},
			Keywords:    []string{"kucoin"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("kucoin"), `([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.2,
			TruePositives: []string{
				`KUCOIN_API_KEY=8cf01441-2364-804d-93ba-04f1032f3383`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","kucoin_token":"474ff8c7-36a7-b5bd-7ce3-71d0b8ef6ec9"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync kucoin_secret=90275e51-50ac-8c1e-c61e-def184544007 attempt=2`,
			},
			FalsePositives: []string{
				`KUCOIN_API_KEY=${KUCOIN_API_KEY}`,
				`kucoin_token: "01234567-0123-0123-0123-0123456789ab"`,
				`xkucoinish_ref=afc55f2d-1491-ba3a-c6e6-8e9d8f935b78`,
			},
		},
	}
}
