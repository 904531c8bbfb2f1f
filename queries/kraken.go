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
				`KRAKEN_API_KEY=HLpYm1XZTIg+Adv2/Mn6c5gK1QtBLxfJVKWw6OvD0+Dysy2BIzQ0lemfQeCCfNYohV3Ac32GeG0MPasLoOn-pwtjH`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","kraken_token":"62xBzgHlOj8Wuu_xUxqY_sgkjlE8+CcWAJs_B=IxVwMkSCIbNO80MbtGGBUzb284fQ1de/0nwPJBB301ZM9GnF9/tl"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync kraken_secret=i8fm=4PF30HQB6EoL2ryrjDi3CnT/AILvb9/+4d=I=W5HVY4j3WwFMpWy18bDA2DRHAO0zBX3pAmHpw=AJO-jCjBr attempt=2`,
			},
			FalsePositives: []string{
				`KRAKEN_API_KEY=${KRAKEN_API_KEY}`,
				`kraken_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH"`,
				`xkrakenish_ref=fKtK_A3zojPwsJ76/g-c_ZYswU-ppPlPJ_tMpY3T=C6txYpYZ2_X2pdbVY+hriF8TvAYf=BdTvDxnKQyIF`,
			},
		},
	}
}
