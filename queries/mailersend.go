package queries

func mailerSendRules() []*Rule {
	return []*Rule{
		{
			ID: "mailersend-api-token", Description: "MailerSend API token", Severity: High,
			Provider: "MailerSend", Peers: []string{"mailersend-api-token"},
			Keywords:   []string{"mlsn."},
			Regex:      `(mlsn\.[A-Za-z0-9]{30,100})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.2, PreviewPrefix: 5,
			TruePositives: []string{
				`MAILERSEND_API_KEY=mlsn.0ab4f05ae528277a3e5d48f787edfbf2ce7025cb64f89c6456b0c21e6e135709`,
				`Authorization: Bearer mlsn.4c13179dd682e0580e144048964098ec712c820cbf9ae37abba40d0f39448d55`,
			},
			FalsePositives: []string{
				`MAILERSEND_API_KEY=mlsn.<your-token>`,
				`MAILERSEND_API_KEY=mlsn.4624aeb1d31c5fb4b256b21b5790a`,
			},
		},
	}
}
