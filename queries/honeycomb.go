package queries

// Honeycomb credentials.
func honeycombRules() []*Rule {
	return []*Rule{
		{
			ID:          "honeycomb-api-key",
			Description: "Honeycomb API key next to its name",
			Severity:    High,
			Provider:    "Honeycomb",
			Peers:       []string{"honeycomb-api-key"},
			Keywords:    []string{"honeycomb"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("honeycomb"), `([A-Za-z0-9]{22})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, mixedCase},
			MinEntropy:  3.6,
			TruePositives: []string{
				`HONEYCOMB_API_KEY=H1GIfuBJONsBd2SOTUqp3y`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","honeycomb_token":"RCEftZuq9u2x9Eoe3iYlfl"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync honeycomb_secret=Hf1SxP6wsdRt0S0E7Ucviq attempt=2`,
			},
			FalsePositives: []string{
				`HONEYCOMB_API_KEY=${HONEYCOMB_API_KEY}`,
				`honeycomb_token: "0123456789ABCDEFGHIJKL"`,
				`xhoneycombish_ref=sPcaPBgeilR7qgUvfC2jxN`,
			},
		},
	}
}
