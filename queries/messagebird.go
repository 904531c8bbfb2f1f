package queries

// MessageBird (Bird) REST API access keys and OAuth client ids.
func messageBirdRules() []*Rule {
	return []*Rule{
		{
			ID: "messagebird-api-token", Description: "MessageBird API access key next to its name", Severity: High,
			Provider: "MessageBird", Peers: []string{"messagebird-api-token"},
			Keywords:   []string{"messagebird", "MESSAGEBIRD", "Messagebird", "messageBird", "MessageBird", "message_bird", "MESSAGE_BIRD", "Message_bird", "message-bird", "MESSAGE-BIRD", "Message-bird"},
			Regex:      assigned(namedCredential(`(?:messagebird|MESSAGEBIRD|Messagebird|messageBird|MessageBird|message_bird|MESSAGE_BIRD|Message_bird|message-bird|MESSAGE-BIRD|Message-bird)`), `([A-Za-z0-9]{25})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.5,
			TruePositives: []string{
				`MESSAGEBIRD_API_KEY=2kOjCExGsOUIiHcXF8EkNmGCg`,
				`{"level":"info","msg":"sync job","messagebirdAccessKey":"GYdCDwSpEKmimVqtbM9itDQ7l"}`,
			},
			FalsePositives: []string{
				`MESSAGEBIRD_API_KEY=${MESSAGEBIRD_API_KEY}`,
				`MESSAGEBIRD_API_KEY=abcdefghijklmnopqrstuvwxy`,
			},
		},
		{
			ID: "messagebird-client-id", Description: "MessageBird OAuth client id next to its name", Severity: Low,
			Provider: "MessageBird", Peers: []string{"messagebird-client-id"},
			Keywords:   []string{"messagebird", "MESSAGEBIRD", "Messagebird", "messageBird", "MessageBird", "message_bird", "MESSAGE_BIRD", "Message_bird", "message-bird", "MESSAGE-BIRD", "Message-bird"},
			Regex:      assigned(named(`(?:messagebird|MESSAGEBIRD|Messagebird|messageBird|MessageBird|message_bird|MESSAGE_BIRD|Message_bird|message-bird|MESSAGE-BIRD|Message-bird)`), `([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})`+valueEnd),
			MinEntropy: 3.0,
			TruePositives: []string{
				`MESSAGEBIRD_CLIENT_ID=826652af-0cc2-4082-bdc1-d20616701e57`,
				`ts=2026-12-07T09:14:03Z level=debug msg="request failed" message_bird_client_id=2698cbd1-22a9-e4f9-1949-c1dda933b64e`,
			},
			FalsePositives: []string{
				`MESSAGEBIRD_CLIENT_ID=${MESSAGEBIRD_CLIENT_ID}`,
			},
		},
	}
}
