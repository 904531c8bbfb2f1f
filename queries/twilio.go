package queries

func twilioRules() []*Rule {
	return []*Rule{{
		ID:          "twilio-auth-token",
		Description: "Twilio auth token or API key secret next to its name",
		Severity:    Critical,
		Keywords:    []string{"twilio"},
		IgnoreCase:  true,
		Regex:       `(?i:twilio)[A-Za-z0-9_.-]{0,30}(?i:secret|token|auth)[A-Za-z0-9_.-]{0,10}\\?["']?\s*[:=]\s*\\?["']?([A-Za-z0-9]{32})(?:[^A-Za-z0-9]|$)`,
		Validators:  []Validator{digitAndLetter},
		MinEntropy:  3.2,
		TruePositives: []string{
			`TWILIO_AUTH_TOKEN=364c3d07e02086d71dfb0bbf4b9a1622`,
			`{"twilio":{"accountSid":"AC7078639bd562f9a0b2eebf2282fcd042"},"twilioApiSecret":"ItL6U2Zh0GtfSp3DJlyuqsBNXNFSpB2F"}`,
		},
		FalsePositives: []string{
			`TWILIO_AUTH_TOKEN=your_auth_token`,
			`TWILIO_AUTH_TOKEN=${TWILIO_AUTH_TOKEN}`,
		},
	}, {
		ID:            "twilio-api-key-sid",
		Description:   "Twilio API key SID next to its name (pairs with a secret)",
		Severity:      Medium,
		Keywords:      []string{"twilio"},
		IgnoreCase:    true,
		Regex:         `(?i:twilio)[A-Za-z0-9_.-]{0,30}\\?["']?\s*[:=]\s*\\?["']?(SK[0-9a-f]{32})(?:[^A-Za-z0-9]|$)`,
		MinEntropy:    3.0,
		PreviewPrefix: 0,
		TruePositives: []string{
			`TWILIO_API_KEY=SK4d2c8b91de332c7b5e810193abe29fe1`,
			`{"twilioApiKey":"SKe8e0ce9317228996a381b5aba3889fd2","region":"ie1"}`,
		},
		FalsePositives: []string{`TWILIO_API_KEY=SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`},
	}}
}
