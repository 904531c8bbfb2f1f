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
			MinEntropy:  2.8,
			TruePositives: []string{
				`KUCOIN_API_KEY=b97a9dca7ea3039a38f933c6`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","kucoin_token":"8caab8710434a93c3ffa4ef9"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync kucoin_secret=7a649032c1449844ab6b5fff attempt=2`,
			},
			FalsePositives: []string{
				`KUCOIN_API_KEY=${KUCOIN_API_KEY}`,
				`kucoin_token: "0123456789abcdef01234567"`,
				`xkucoinish_ref=4b53d904b824b47b8d27f17a`,
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
				`KUCOIN_API_KEY=06173df6-e5e3-8ef1-8882-ddcab98d7fdd`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","kucoin_token":"fa7e8ec0-d75e-7148-42e5-6bc82fe3fdc2"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync kucoin_secret=d6a5e435-513b-4bc0-21a2-1ad93558c60a attempt=2`,
			},
			FalsePositives: []string{
				`KUCOIN_API_KEY=${KUCOIN_API_KEY}`,
				`kucoin_token: "01234567-0123-0123-0123-0123456789ab"`,
				`xkucoinish_ref=8610bbf7-9d0d-c18b-3142-01a0fcc77a9d`,
			},
		},
	}
}
