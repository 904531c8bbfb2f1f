package queries

// Coinbase credentials.
func coinbaseRules() []*Rule {
	return []*Rule{
		{
			ID:          "coinbase-access-token",
			Description: "Coinbase API key or secret next to its name",
			Severity:    High,
			Provider:    "Coinbase",
			Peers:       []string{"coinbase-access-token"},
			Keywords:    []string{"coinbase"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("coinbase"), `([A-Za-z0-9_-]{64})(?:[^A-Za-z0-9\-_]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.3,
			TruePositives: []string{
				`COINBASE_API_KEY=KDslkgYYG8rN7yNGJYwkbJRHJevdvEMlLwyK08Nzrbahdl8Rnxz-Hwuq89n5qV3z`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","coinbase_token":"AkrypIo61hMM2A1Zexed2DeGpZwwXEVeq_gt-n61zXEt3UDJz2473vaQcBthOs_o"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync coinbase_secret=mSlXH0pFHufB7syBMrJcLSR_VLYun3xGfin_APIj4u289I15qhMt3x-hLMK--atS attempt=2`,
			},
			FalsePositives: []string{
				`COINBASE_API_KEY=${COINBASE_API_KEY}`,
				`coinbase_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz01"`,
				`xcoinbaseish_ref=FkemYhUW2hPEM-GSzj19egNZiI-x6CBSZeyX9x6Vn_uuCQvO5xIjoejEamUEPHH4`,
			},
		},
	}
}
