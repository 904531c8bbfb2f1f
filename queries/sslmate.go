package queries

func sslMateRules() []*Rule {
	return []*Rule{
		{
			ID: "sslmate-api-key", Description: "SSLMate API key next to its name", Severity: High,
			Provider: "SSLMate", Peers: []string{"sslmate-api-key.1"},
			Keywords:   []string{"sslmate", "SSLMATE", "Sslmate", "SSLMate", "sslMate"},
			Regex:      assigned(namedCredential(`(?:sslmate|SSLMATE|Sslmate|SSLMate|sslMate)`), `([A-Za-z0-9]{36})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.5,
			TruePositives: []string{
				`SSLMATE_API_KEY=rW2avtKB8CnFw6bVBRiqusCjCgjwNuYPFKza`,
				`{"level":"info","msg":"client init","sslmate_api_key":"Rx7tynWfsaZn9aj5y9gC9tXi4aKuxx1XVhoU"}`,
			},
			FalsePositives: []string{
				`SSLMATE_API_KEY=${SSLMATE_API_KEY}`,
				`SSLMATE_API_KEY=abcdefghijklmnopqrstuvwxyz0123456789`,
			},
		},
	}
}
