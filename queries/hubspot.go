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
				`HUBSPOT_ACCESS_TOKEN=pat-na1-6fcb1b76-4631-739b-ba31-e623ef2e6357`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"pat-na1-3309c415-68c0-6d5e-83ff-05c5dccda19a"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer pat-na1-990e6128-1355-3956-dda9-cba6f8e8c92c`,
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
				`HUBSPOT_API_KEY=2edf9375-6198-9727-190c-210f8381e9a9`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","hubspot_token":"72bb6f10-3935-068f-e552-454fca5f72e6"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync hubspot_secret=f4a1bc93-0332-d5dc-2e06-c9fb716c59f2 attempt=2`,
			},
			FalsePositives: []string{
				`HUBSPOT_API_KEY=${HUBSPOT_API_KEY}`,
				`hubspot_token: "01234567-0123-0123-0123-0123456789ab"`,
				`xhubspotish_ref=ca649e7c-e432-1bce-1384-9900e6d130e2`,
			},
		},
	}
}
