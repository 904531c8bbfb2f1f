package queries

// Polymarket CLOB API credentials and wallet private keys next to their names (wallet addresses are public).
func polymarketRules() []*Rule {
	return []*Rule{
		{
			ID: "polymarket-api-key", Description: "Polymarket API key next to its name", Severity: Medium,
			Provider: "Polymarket", Peers: []string{"polymarket-api-key"},
			Keywords:   []string{"polymarket", "POLYMARKET", "Polymarket", "poly_", "POLY_", "Poly_"},
			Regex:      assigned(named(`(?:polymarket|POLYMARKET|Polymarket|poly_|POLY_|Poly_)(?i:[A-Za-z0-9_.-]{0,20}key)`), `([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})`+valueEnd),
			MinEntropy: 3.0,
			TruePositives: []string{
				`POLY_API_KEY=56faf922-22fa-c0a9-c4ee-e933990901f8`,
				`{"level":"info","msg":"sync job","polymarket_api_key":"978c0ce9-bcc0-72e1-00ce-c968ae8273da"}`,
			},
			FalsePositives: []string{
				`POLY_API_KEY=${POLY_API_KEY}`,
			},
		},
		{
			ID: "polymarket-api-secret", Description: "Polymarket API secret next to its name", Severity: Critical,
			Provider: "Polymarket", Peers: []string{"polymarket-api-secret"},
			Keywords:   []string{"polymarket", "POLYMARKET", "Polymarket", "poly_", "POLY_", "Poly_"},
			Regex:      assigned(named(`(?:polymarket|POLYMARKET|Polymarket|poly_|POLY_|Poly_)(?i:[A-Za-z0-9_.-]{0,20}secret)`), `([A-Za-z0-9+/_-]{40,88}={0,2})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0,
			TruePositives: []string{
				`POLY_API_SECRET=SDwmQGINmsUZyXtvJfIGDl+Gx/MxiGmZg+GX8AoFhNCZ=`,
				`ts=2026-12-07T09:14:03Z level=debug msg="request failed" polymarketSecret=wCegT0xscFPGjOBsXnniyGwUCrpsa0kQdI8FSZ3vfhqz=`,
			},
			FalsePositives: []string{
				`POLY_API_SECRET=${POLY_API_SECRET}`,
				`POLY_API_SECRET=abcdefghijklmnopqrstuv+ab/abcdefg+abcdefghij=`,
			},
		},
		{
			ID: "polymarket-passphrase", Description: "Polymarket API passphrase next to its name", Severity: High,
			Provider: "Polymarket", Peers: []string{"polymarket-passphrase"},
			Keywords:   []string{"polymarket", "POLYMARKET", "Polymarket", "poly_", "POLY_", "Poly_"},
			Regex:      assigned(named(`(?:polymarket|POLYMARKET|Polymarket|poly_|POLY_|Poly_)(?i:[A-Za-z0-9_.-]{0,20}passphrase)`), `([A-Za-z0-9_]{8,128})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.0,
			TruePositives: []string{
				`POLY_PASSPHRASE=SkcOGZmdTxeopkN0M5Q3BjUgyA11kiyq`,
				`  poly_passphrase: "VufliDe5tHNKT60aX0oiSywFla5V5wRP"`,
			},
			FalsePositives: []string{
				`POLY_PASSPHRASE=${POLY_PASSPHRASE}`,
				`POLY_PASSPHRASE=5n9e2B0`,
			},
		},
		{
			ID: "polymarket-private-key", Description: "Polymarket wallet private key next to its name", Severity: Critical,
			Provider: "Polymarket", Peers: []string{"polymarket-private-key"},
			Keywords:   []string{"polymarket", "POLYMARKET", "Polymarket", "poly_", "POLY_", "Poly_"},
			Regex:      assigned(named(`(?:polymarket|POLYMARKET|Polymarket|poly_|POLY_|Poly_)(?i:[A-Za-z0-9_.-]{0,20}private[A-Za-z0-9_.-]{0,20}key)`), `(0x[a-fA-F0-9]{64})`+valueEnd),
			MinEntropy: 3.5,
			TruePositives: []string{
				`POLY_PRIVATE_KEY=0x48abb12683bb926f42c8c0d96ad3db60f589b22350a7245979cb70d1dc662a17`,
				`ts=2026-12-07T09:14:03Z level=debug msg="config loaded" polymarket_private_key=0x80a7398230c44f02ae9fde2598e26501a57551137897e2d04a5a46493b5b9b91`,
			},
			FalsePositives: []string{
				`POLY_PRIVATE_KEY=${POLY_PRIVATE_KEY}`,
				`POLY_PRIVATE_KEY=0xfeb405c4d22676fd34e1bf48fd6dba85af294fd9b722fe8b40a947a45c522`,
			},
		},
	}
}
