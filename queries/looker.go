package queries

// Looker API3 credentials: a 20-character client id and a 24-character client secret.
func lookerRules() []*Rule {
	return []*Rule{
		{
			ID: "looker-client-id", Description: "Looker API client id next to its name", Severity: Low,
			Provider: "Looker", Peers: []string{"looker-client-id"},
			Keywords:   []string{"looker", "LOOKER", "Looker"},
			Regex:      assigned(named(`(?:looker|LOOKER|Looker)`), `([A-Za-z0-9]{20})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.0,
			TruePositives: []string{
				`LOOKERSDK_CLIENT_ID=Prg1NW4NEATkHOQ4a2M6`,
				`ts=2026-12-07T09:14:03Z level=debug msg="retrying call" looker_client_id=6TD1cAKmfGhhbJaTqGf0`,
			},
			FalsePositives: []string{
				`LOOKERSDK_CLIENT_ID=${LOOKERSDK_CLIENT_ID}`,
				`LOOKERSDK_CLIENT_ID=eWJKTCQMZefna8WxG`,
			},
		},
		{
			ID: "looker-client-secret", Description: "Looker API client secret next to its name", Severity: High,
			Provider: "Looker", Peers: []string{"looker-client-secret"},
			Keywords:   []string{"looker", "LOOKER", "Looker"},
			Regex:      assigned(namedCredential(`(?:looker|LOOKER|Looker)`), `([A-Za-z0-9]{24})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.0,
			TruePositives: []string{
				`LOOKERSDK_CLIENT_SECRET=ikoKtf3EhrcSashhN7jrMYDb`,
				`{"level":"info","msg":"deploy step","looker_client_secret":"cELMIvJWx7CAZwKpbGxpJfUg"}`,
			},
			FalsePositives: []string{
				`LOOKERSDK_CLIENT_SECRET=${LOOKERSDK_CLIENT_SECRET}`,
				`LOOKERSDK_CLIENT_SECRET=abcdefghijklmnopqrstuvwx`,
			},
		},
	}
}
