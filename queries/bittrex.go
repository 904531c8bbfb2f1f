package queries

// Bittrex credentials.
func bittrexRules() []*Rule {
	return []*Rule{
		{
			ID:          "bittrex-api-key",
			Description: "Bittrex API key or secret next to its name",
			Severity:    High,
			Provider:    "Bittrex",
			Peers:       []string{"bittrex-access-key", "bittrex-secret-key"},
			Keywords:    []string{"bittrex"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("bittrex"), `([A-Za-z0-9]{32})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.0,
			TruePositives: []string{
				`BITTREX_API_KEY=B5n1zJfDeQHfM88dmPby6b6KCDday3Uk`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","bittrex_token":"nbDLbx4zZF3CExR7ELmqHHUTzwImnKu9"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync bittrex_secret=1kTNmI8U4S25SuXTTXQJKF9DPWSntBPe attempt=2`,
			},
			FalsePositives: []string{
				`BITTREX_API_KEY=${BITTREX_API_KEY}`,
				`bittrex_token: "0123456789ABCDEFGHIJKLMNOPQRSTUV"`,
				`xbittrexish_ref=5mg12clOjEkiwhOpJKtsfmutOzGBfh1f`,
			},
		},
	}
}
