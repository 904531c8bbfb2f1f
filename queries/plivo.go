package queries

// Plivo: the auth id (MA… or SA…) and the 40-character auth token.
func plivoRules() []*Rule {
	return []*Rule{
		{
			ID: "plivo-auth-id", Description: "Plivo auth id next to its name", Severity: Low,
			Provider: "Plivo", Peers: []string{"plivo-auth-id"},
			Keywords:   []string{"plivo", "PLIVO", "Plivo"},
			Regex:      assigned(named(`(?:plivo|PLIVO|Plivo)(?i:(?:[_. -]*(?:auth|account))?[_. -]*s?id)`), `([MS]A[A-Z0-9]{18})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.0,
			TruePositives: []string{
				`PLIVO_AUTH_ID=MAIN0QYNCYJ214O15RE8`,
				`ts=2026-12-07T09:14:03Z level=debug msg="deploy step" plivo_auth_id=MAV4S5DX5X4ELPOSGKOJ`,
			},
			FalsePositives: []string{
				`PLIVO_AUTH_ID=${PLIVO_AUTH_ID}`,
				`PLIVO_AUTH_ID=MAQ54P3ARCFXHQ32A`,
			},
		},
		{
			ID: "plivo-auth-token", Description: "Plivo auth token next to its name", Severity: Critical,
			Provider: "Plivo", Peers: []string{"plivo-auth-token"},
			Keywords:   []string{"plivo", "PLIVO", "Plivo"},
			Regex:      assigned(named(`(?:plivo|PLIVO|Plivo)(?i:(?:[_. -]*auth)?[_. -]*(?:secret|token|key))`), `([A-Za-z0-9_-]{40})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.5,
			TruePositives: []string{
				`PLIVO_AUTH_TOKEN=a0W25E6zfRQQQRDDNBy2QItRbtHNE9UCieSAiA4X`,
				`  plivoAuthToken: "p87SSEBxT94G2p5Ny1tZgssvegs4kX5ABFLDJlD9"`,
			},
			FalsePositives: []string{
				`PLIVO_AUTH_TOKEN=${PLIVO_AUTH_TOKEN}`,
				`PLIVO_AUTH_TOKEN=abcdefghijklmnopqrstuvwxyz0123456789abcd`,
			},
		},
	}
}
