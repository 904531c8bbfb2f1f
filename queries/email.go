package queries

// Email delivery providers.
func emailRules() []*Rule {
	return []*Rule{{
		ID:            "sendgrid-api-key",
		Description:   "SendGrid API key",
		Severity:      High,
		Keywords:      []string{"SG."},
		Regex:         `(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})`,
		MinEntropy:    4.0,
		PreviewPrefix: 3,
		TruePositives: []string{
			`SENDGRID_API_KEY=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`,
			`{"level":"error","msg":"mail send failed","auth":"Bearer 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"}`,
		},
		FalsePositives: []string{`SENDGRID_API_KEY=SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`, `version=MSG.f3n_Vscjp865m4RL_KQ3of.8GKkFstlMxnDygjElqQuIoRbPGXy5qs9qq5wIfR98Cl`},
	}, {
		ID:          "mailgun-api-key",
		Description: "Mailgun private API key",
		Severity:    High,
		Keywords:    []string{"key-"},
		// "key-" is common in cache keys: require it to start a value, not end a name.
		Regex:         `(?:^|[^A-Za-z0-9_.-])(key-[0-9a-f]{32})`,
		Validators:    []Validator{digitAndLetter},
		MinEntropy:    3.2,
		PreviewPrefix: 4,
		TruePositives: []string{
			`MAILGUN_API_KEY=key-ea8130f1f524ebeb917c31229086dbea`,
			`curl -s --user 'api:key-14e046887f2d09079d8a6912cf497fb8' https://api.mailgun.net/v3/mg.acme.io/messages`,
		},
		FalsePositives: []string{`cache_key-bf0c9f3be84580b13990a349b7361f6f`, `MAILGUN_API_KEY=key-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`},
	}, {
		ID:          "mailchimp-api-key",
		Description: "Mailchimp API key (datacenter suffix)",
		Severity:    High,
		Keywords:    []string{"-us1", "-us2", "-us3", "-us4", "-us5", "-us6", "-us7", "-us8", "-us9"},
		Regex:       `([0-9a-f]{32}-us[1-9][0-9]?)`,
		Validators:  []Validator{digitAndLetter},
		MinEntropy:  3.2,
		TruePositives: []string{
			`MAILCHIMP_API_KEY=2917bdc5da1f70ce6a0b708a63d499b5-us12`,
			`{"msg":"audience sync","apikey":"6ae1d12e1ebf553c30bf5ce92becb374-us6"}`,
		},
		FalsePositives: []string{`MAILCHIMP_API_KEY=00000000000000000000000000000000-us1`, `region=eu-west-1 az=a-us1`},
	}, {
		ID:            "brevo-api-key",
		Description:   "Brevo (Sendinblue) API key",
		Severity:      High,
		Keywords:      []string{"xkeysib-"},
		Regex:         `(xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16})`,
		MinEntropy:    3.2,
		PreviewPrefix: 8,
		TruePositives: []string{
			`BREVO_API_KEY=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`,
			`{"headers":{"api-key":"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"}}`,
		},
		FalsePositives: []string{`api-key: xkeysib-<key>`},
	}, {
		ID:          "postmark-server-token",
		Description: "Postmark server token in its header",
		Severity:    High,
		Keywords:    []string{"x-postmark-server-token", "postmark_server_token", "postmark_api_token"},
		IgnoreCase:  true,
		Regex:       assigned(`(?:`+cased("x-postmark-server-token")+`|`+cased("postmark_server_token")+`|`+cased("postmark_api_token")+`)`, `([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})`),
		MinEntropy:  3.0,
		TruePositives: []string{
			`X-Postmark-Server-Token: 40e87d22-d61c-4d8d-a0c8-8c4689b1a9c7`,
			`POSTMARK_SERVER_TOKEN=248ff268-8f89-4838-a17b-981f8ed5312c`,
			`{"env":[{"name":"POSTMARK_SERVER_TOKEN","value":"c871ef2a-89f2-5513-91e3-6e8abc377eef"}]}`,
		},
		FalsePositives: []string{`X-Postmark-Server-Token: 00000000-0000-0000-0000-000000000000`},
	}}
}
