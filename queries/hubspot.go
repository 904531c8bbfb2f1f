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
				`HUBSPOT_ACCESS_TOKEN=pat-na1-07a9de62-f0a5-42c4-f6bd-7612d3a4028f`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"pat-na1-99fac5a7-de6f-5617-df44-e696f3cf09ad"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer pat-na1-0aeb51d3-4ee9-1553-8fdf-18ef0f7c9262`,
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
				`HUBSPOT_API_KEY=8ff710e6-666d-8859-e394-14ecc3de7cc9`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","hubspot_token":"f8d8e054-0fa7-2213-38e7-baef61690316"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync hubspot_secret=901d2bec-8206-89c8-e55b-6fa2ce7c1afd attempt=2`,
			},
			FalsePositives: []string{
				`HUBSPOT_API_KEY=${HUBSPOT_API_KEY}`,
				`hubspot_token: "01234567-0123-0123-0123-0123456789ab"`,
				`xhubspotish_ref=9d1f36a5-9e1e-3e60-83ed-88fc7a011bc3`,
			},
		},
	}
}
