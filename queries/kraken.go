package queries

// Kraken credentials.
func krakenRules() []*Rule {
	return []*Rule{
		{
			ID:          "kraken-access-token",
			Description: "Kraken API private key next to its name",
			Severity:    High,
			Provider:    "Kraken",
			Peers:       []string{"kraken-access-token"},
			Keywords:    []string{"kraken"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("kraken"), `([A-Za-z0-9/=_+-]{80,90})(?:[^A-Za-z0-9+\-/=_]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.5,
			TruePositives: []string{
				`KRAKEN_API_KEY=ZUSd7JX59-4xGHnBE1aMIbDt3S/Zl_2p72NzIeUjxjk_x4vUGNm0O_ST19gMK3iOmOp6HX=gsT-AP8cZq2T`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","kraken_token":"ROtnQ-GOHQY45paoroIOmgc-wuGFcK-OLM_1lJY-2pSNT7lDq/n-JtsBDU2YjJ/oGRdpH1vo0a0nIfbKm"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync kraken_secret=hLF6GA92err7tb0mawi7j7=yZM5Vykf/xS4aNPRA3N=teBciZV_bMydq1gf8Z=GZ8LxZ3p/VeJvll=342T-k-EOh attempt=2`,
			},
			FalsePositives: []string{
				`KRAKEN_API_KEY=${KRAKEN_API_KEY}`,
				`kraken_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH"`,
				`xkrakenish_ref=T=bU880Tq-K06ggz5KbceKoklNh1cP/y7QzbIddizugntmpeRUiKP2uDsTkR5UWe5jWhl27V-Uz0IPq_m37J3WM`,
			},
		},
	}
}
