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
			MinEntropy:  2.7,
			TruePositives: []string{
				`KUCOIN_API_KEY=faa3d170636a55f3a77d2297`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","kucoin_token":"0e77de79ff37b8f831e9b4de"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync kucoin_secret=83a04b704c3244e1fea4bda0 attempt=2`,
			},
			FalsePositives: []string{
				`KUCOIN_API_KEY=${KUCOIN_API_KEY}`,
				`kucoin_token: "0123456789abcdef01234567"`,
				`xkucoinish_ref=c10b3bbb441cd7fcf99efdad`,
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
				`KUCOIN_API_KEY=9cc3450b-2ff2-fb18-311f-d80b2abbe04f`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","kucoin_token":"4ced8a07-46c1-3e79-fb7f-2fc4dffc771f"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync kucoin_secret=632ffcb1-d17c-7ce1-a449-8859cc30ff09 attempt=2`,
			},
			FalsePositives: []string{
				`KUCOIN_API_KEY=${KUCOIN_API_KEY}`,
				`kucoin_token: "01234567-0123-0123-0123-0123456789ab"`,
				`xkucoinish_ref=2117a43d-5c2f-ce7e-cbb8-0ed73b26d17b`,
			},
		},
	}
}
