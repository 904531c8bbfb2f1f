package queries

// WorkOS API keys: sk_live_ (as Stripe's), then base64 of "key_<ULID>,<secret>"; told apart from
// Stripe's by that base64 and named, as Highnote keys share the shape.
func workOSRules() []*Rule {
	return []*Rule{
		{
			ID: "workos-production-api-key", Description: "WorkOS production API key next to its name", Severity: Critical,
			Provider: "WorkOS", Peers: []string{"workos-production-api-key.1"},
			Keywords:   []string{"workos", "WORKOS", "Workos", "WorkOS"},
			Regex:      assigned(namedCredential(`(?:workos|WORKOS|Workos|WorkOS)`), `(sk_live_a2V5X[A-Za-z0-9+/]{50,120}={0,2})(?:[^A-Za-z0-9+/=]|$)`),
			MinEntropy: 4.0,
			TruePositives: []string{
				`WORKOS_API_KEY=sk_live_a2V5XzAxWllNTE9QSUZRWTc4RjVNME5YWU5KM0xWLGY4VEhSWGZFdXpjckphQm54N0lm`,
				`{"level":"debug","msg":"sso client","workos_api_key":"sk_live_a2V5XzAxMzdNM0RXSU5LMkw2TENIQks0MEYxRkpULE5heXZpSHptNVlkT25DcUl6MFdp"}`,
			},
			FalsePositives: []string{
				`WORKOS_API_KEY=sk_test_a2V5XzAxSDdaWFBRWFk`,
				`WORKOS_CLIENT_ID=client_01HZXPQXYBN2M8A3S6V7K9R4TJ`,
				`HIGHNOTE_API_KEY=sk_live_a2V5XzAxVzRESUowSEdISlNMTDBKTjlVNU9RSFhMLFJlR3NhTDFkdm55enYwWnp5QTB4`,
			},
		},
	}
}
