package queries

// Netlify tokens without the nfp_ prefix (older personal and OAuth tokens).
func netlifyRules() []*Rule {
	return []*Rule{
		{
			ID: "netlify-access-token-named", Description: "Netlify access token next to its name", Severity: High,
			Provider: "Netlify", Peers: []string{"netlify-access-token"},
			Keywords:   []string{"netlify", "NETLIFY", "Netlify"},
			Regex:      assigned(namedCredential(`(?:netlify|NETLIFY|Netlify)`), `([A-Za-z0-9=_-]{40,46})`+valueEnd),
			Validators: []Validator{coveredByProvider, digitAndLetter},
			MinEntropy: 3.8,
			TruePositives: []string{
				`NETLIFY_AUTH_TOKEN=oTO8zM6bjo4UMFwbuEVzE9Ko-zEyhzgtIZJvbbK7ka_`,
				`  netlify_token: "nKvzt_CWozpb6J4bSl5jM7NwKfT14cQDZ3piNZJxHRZ"`,
			},
			FalsePositives: []string{
				`NETLIFY_AUTH_TOKEN=${NETLIFY_AUTH_TOKEN}`,
				`NETLIFY_AUTH_TOKEN=abcdefghijklmnopqrstuvwx-abcdefghijklmnopq_`,
			},
		},
	}
}
