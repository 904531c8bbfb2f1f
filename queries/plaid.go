package queries

// Plaid: client id and secret next to their names, and access-<environment>-<uuid> item tokens.
func plaidRules() []*Rule {
	return []*Rule{
		{
			ID: "plaid-client-id", Description: "Plaid client id next to its name", Severity: Low,
			Provider: "Plaid", Peers: []string{"plaid-client-id"},
			Keywords:   []string{"plaid", "PLAID", "Plaid"},
			Regex:      assigned(named(`(?:plaid|PLAID|Plaid)`), `([A-Za-z0-9]{24})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.0,
			TruePositives: []string{
				`PLAID_CLIENT_ID=a8922cde3283d5535a189f39`,
				`{"level":"info","msg":"retrying call","plaid_client_id":"2bf234c9c2ba4f8a08589c34"}`,
			},
			FalsePositives: []string{
				`PLAID_CLIENT_ID=${PLAID_CLIENT_ID}`,
				`PLAID_CLIENT_ID=99772968b82a62ba69782`,
			},
		},
		{
			ID: "plaid-secret-key", Description: "Plaid secret next to its name", Severity: Critical,
			Provider: "Plaid", Peers: []string{"plaid-secret-key"},
			Keywords:   []string{"plaid", "PLAID", "Plaid"},
			Regex:      assigned(namedCredential(`(?:plaid|PLAID|Plaid)`), `([A-Za-z0-9]{30})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.0,
			TruePositives: []string{
				`PLAID_SECRET=d13911026072522becc511111d2c4e`,
				`  plaidSecret: "19800280e718245a82150d9c2439a8"`,
			},
			FalsePositives: []string{
				`PLAID_SECRET=${PLAID_SECRET}`,
				`PLAID_SECRET=5dc0ab365dff399e3b3e5cb903b`,
			},
		},
		{
			ID: "plaid-api-token", Description: "Plaid item access token", Severity: Critical,
			Provider: "Plaid", Peers: []string{"plaid-api-token"},
			Keywords:   []string{"access-production-", "access-development-", "access-sandbox-"},
			Regex:      `(access-(?:production|development|sandbox)-[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})` + valueEnd,
			MinEntropy: 3.0, PreviewPrefix: 18,
			TruePositives: []string{
				`PLAID_ACCESS_TOKEN=access-production-d2e33727-ceec-a347-cf57-81a9fac92509`,
				`{"level":"error","msg":"config loaded","token":"access-production-7faa190f-9407-ebda-15bb-ad36a5248e02"}`,
				`{"item_id":"eVBnVMp7zdTJLkRNr33Rs6zr7KNJqBFL9DrE6","access_token":"access-development-3f9d2b61-8c4e-4a7f-b1d3-6e5a2c9f0b84"}`,
			},
			FalsePositives: []string{
				`PLAID_ACCESS_TOKEN=access-production-<your-token>`,
				`PLAID_ACCESS_TOKEN=access-production-2c51996d7787c85d1d4b`,
			},
		},
	}
}
