package queries

func zendeskRules() []*Rule {
	return []*Rule{
		{
			ID: "zendesk-secret-key", Description: "Zendesk API token next to its name", Severity: Critical,
			Provider: "Zendesk", Peers: []string{"zendesk-secret-key"},
			Keywords:   []string{"zendesk", "ZENDESK", "Zendesk", "ZenDesk"},
			Regex:      assigned(namedCredential(`(?:zendesk|ZENDESK|Zendesk|ZenDesk)`), `([A-Za-z0-9]{40})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.5,
			TruePositives: []string{
				`ZENDESK_API_TOKEN=XyoLFqwRpiRqG7eOGFZoWEZCOGyzOy6awPPyZnfh`,
				`{"level":"info","msg":"sync job","zendesk_token":"N689312C8R2WljeUb580aQmZ9EBYGPW7r1QqNFxE"}`,
			},
			FalsePositives: []string{
				`ZENDESK_API_TOKEN=${ZENDESK_API_TOKEN}`,
				`ZENDESK_API_TOKEN=abcdefghijklmnopqrstuvwxyz0123456789abcd`,
			},
		},
	}
}
