package queries

// Sendbird application ids and API tokens next to their names.
func sendbirdRules() []*Rule {
	return []*Rule{
		{
			ID: "sendbird-access-id", Description: "Sendbird application id next to its name", Severity: Low,
			Provider: "Sendbird", Peers: []string{"sendbird-access-id"},
			Keywords:   []string{"sendbird", "SENDBIRD", "Sendbird", "sendBird", "SendBird"},
			Regex:      assigned(named(`(?:sendbird|SENDBIRD|Sendbird|sendBird|SendBird)`), `([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})`+valueEnd),
			MinEntropy: 3.0,
			TruePositives: []string{
				`SENDBIRD_APP_ID=84480989-5da3-1dfe-3f2a-76f8d688e283`,
				`{"level":"info","msg":"retrying call","sendbird_app_id":"32949725-e80f-c161-36b6-46d24b7ccd42"}`,
			},
			FalsePositives: []string{
				`SENDBIRD_APP_ID=${SENDBIRD_APP_ID}`,
			},
		},
		{
			ID: "sendbird-access-token", Description: "Sendbird API token next to its name", Severity: High,
			Provider: "Sendbird", Peers: []string{"sendbird-access-token"},
			Keywords:   []string{"sendbird", "SENDBIRD", "Sendbird", "sendBird", "SendBird"},
			Regex:      assigned(namedCredential(`(?:sendbird|SENDBIRD|Sendbird|sendBird|SendBird)`), `([a-f0-9]{40})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.2,
			TruePositives: []string{
				`SENDBIRD_API_TOKEN=1f54a19aad3d7c34b1898ecdce788fbe0eb25b76`,
				`ts=2026-12-07T09:14:03Z level=debug msg="sync job" sendbirdApiToken=b5f867b69969f35ff21d3ae63f161e453f693b4e`,
			},
			FalsePositives: []string{
				`SENDBIRD_API_TOKEN=${SENDBIRD_API_TOKEN}`,
				`SENDBIRD_API_TOKEN=e1680f66f8de58f9617809f7d5876d0970734`,
			},
		},
	}
}
