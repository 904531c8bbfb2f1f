package queries

// Linear OAuth application secrets (API keys are lin_api_…, in devtools.go).
func linearRules() []*Rule {
	return []*Rule{
		{
			ID: "linear-client-secret", Description: "Linear OAuth client secret next to its name", Severity: High,
			Provider: "Linear", Peers: []string{"linear-client-secret"},
			Keywords:   []string{"linear", "LINEAR", "Linear"},
			Regex:      assigned(namedCredential(`(?:linear|LINEAR|Linear)`), `([a-f0-9]{32})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.0,
			TruePositives: []string{
				`LINEAR_CLIENT_SECRET=346bd533d3ec3117b24c1ee6820360fc`,
				`  linear_client_secret: "da12738783cccc5c4234b5274ee618e9"`,
			},
			FalsePositives: []string{
				`LINEAR_CLIENT_SECRET=${LINEAR_CLIENT_SECRET}`,
				`LINEAR_CLIENT_SECRET=0123456789abcdef0123456789abcdef`,
			},
		},
	}
}
