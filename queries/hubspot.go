package queries

// HubSpot credentials.
func hubspotRules() []*Rule {
	return []*Rule{
		{
			ID:            "hubspot-private-app-token",
			Description:   "HubSpot private app access token",
			Severity:      Critical,
			Provider:      "HubSpot",
			Peers:         []string{"hubspot-api-key"},
			Keywords:      []string{"pat-na1-", "pat-eu1-", "pat-na2-"},
			Regex:         `(pat-(?:na1|eu1|na2)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[^A-Za-z0-9-]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    3.4,
			PreviewPrefix: 8,
			TruePositives: []string{
				`HUBSPOT_ACCESS_TOKEN=pat-na1-2bf6e81b-361d-929b-7e24-582b655311f9`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"pat-na1-88718bbd-1bce-2181-21df-27cc69528682"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer pat-na1-670df37f-1818-e0f0-f024-3567c36341d8`,
			},
			FalsePositives: []string{
				`HUBSPOT_ACCESS_TOKEN=pat-na1-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`,
				`HUBSPOT_ACCESS_TOKEN=pat-na1-01234567-0123-0123-0123-0123456789ab`,
			},
		},
		{
			ID:          "hubspot-api-key",
			Description: "HubSpot legacy API key next to its name",
			Severity:    High,
			Provider:    "HubSpot",
			Peers:       []string{"hubspot-api-key"},
			Keywords:    []string{"hubspot"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("hubspot"), `([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.2,
			TruePositives: []string{
				`HUBSPOT_API_KEY=bf49dc06-90b3-c982-4700-e9423c9be2f5`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","hubspot_token":"b4a463c1-87b4-06e3-7a57-3c25028d827f"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync hubspot_secret=30892336-740e-ca43-5473-4f055964fb15 attempt=2`,
			},
			FalsePositives: []string{
				`HUBSPOT_API_KEY=${HUBSPOT_API_KEY}`,
				`hubspot_token: "01234567-0123-0123-0123-0123456789ab"`,
				`xhubspotish_ref=d1e40626-9f86-7edb-6b1d-e11d57319aa3`,
			},
		},
	}
}
