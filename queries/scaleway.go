package queries

func scalewayRules() []*Rule {
	return []*Rule{
		{
			ID: "scaleway-secret-key", Description: "Scaleway secret key next to its name", Severity: Critical,
			Provider: "Scaleway", Peers: []string{"scaleway-secret-key"},
			Keywords:   []string{"scaleway", "SCALEWAY", "Scaleway", "scw", "SCW", "Scw"},
			Regex:      assigned(namedCredential(`(?:scaleway|SCALEWAY|Scaleway|scw|SCW|Scw)`), `([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})`+valueEnd),
			MinEntropy: 3.0,
			TruePositives: []string{
				`SCW_SECRET_KEY=9fa2a603-a878-1751-1583-f5f17da68a49`,
				`ts=2026-12-07T09:14:03Z level=debug msg="request failed" scaleway_secret_key=1b90c9fd-a4a8-69e6-5581-d1356322db21`,
			},
			FalsePositives: []string{
				`SCW_SECRET_KEY=${SCW_SECRET_KEY}`,
			},
		},
	}
}
