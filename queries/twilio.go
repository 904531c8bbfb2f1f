package queries

func twilioRules() []*Rule {
	return []*Rule{{
		ID:          "twilio-auth-token",
		Description: "Twilio auth token or API key secret next to its name",
		Severity:    Critical,
		Keywords:    []string{"twilio"},
		IgnoreCase:  true,
		Regex:       assigned(credentialName(`twilio`), `([A-Za-z0-9]{32})(?:[^A-Za-z0-9]|$)`),
		Validators:  []Validator{digitAndLetter},
		MinEntropy:  3.2,
		TruePositives: []string{
			`TWILIO_AUTH_TOKEN=364c3d07e02086d71dfb0bbf4b9a1622`,
			`var twilioAuthToken string = "887188c3307c85e72488f8df3445aa56"`,
			`{"twilio":{"accountSid":"AC7078639bd562f9a0b2eebf2282fcd042"},"twilioApiSecret":"ItL6U2Zh0GtfSp3DJlyuqsBNXNFSpB2F"}`,
		},
		FalsePositives: []string{
			`TWILIO_AUTH_TOKEN=your_auth_token`,
			`TWILIO_AUTH_TOKEN=${TWILIO_AUTH_TOKEN}`,
		},
	}, {
		// A key SID is an identifier (the secret is its pair), but it names a live API key and
		// turns up alone: in query strings, env dumps, JSON bodies, Bearer headers. It needs no
		// nearby "twilio": the shape is distinctive once it is held exactly. Real SIDs are "SK"
		// and 32 lowercase hex, so the rule wants word boundaries on both sides (no longer hex
		// run, no trace id it is part of), lowercase hex only and the entropy of random hex.
		// The keywords are "SK" and each hex digit: every match holds one, and at 3 bytes they
		// skip the SKU, SKIP, TASK and DISK words logs are full of.
		ID:            "twilio-api-key-sid",
		Description:   "Twilio API key SID (SK + 32 hex)",
		Severity:      Medium,
		Keywords:      twilioSIDKeywords(),
		Regex:         `\b(SK[0-9a-f]{32})\b`,
		Validators:    []Validator{digitAndLetter},
		MinEntropy:    3.0,
		PreviewPrefix: 2,
		TruePositives: []string{
			`TWILIO_API_KEY=SK4d2c8b91de332c7b5e810193abe29fe1`,
			`{"twilioApiKey":"SKe8e0ce9317228996a381b5aba3889fd2","region":"ie1"}`,
			`GET /v1/voice/token?key_sid=SK0b9e4f7a1c3d52e86f0a7b9c4d1e2f38&ttl=3600 HTTP/1.1`,
			`API_KEY_SID=SKc7a91f04e2b6d83f5a0c9e71b4d26a8f`,
			`{"req":{"headers":{"authorization":"Bearer SK9f3e2d1c0b4a59687e6f5d4c3b2a1908"}}}`,
			`ts=2026-11-30T08:00:00Z level=info msg="key rotated" old=SK15e8d3c7a9f2b4061d7e5c3a8b9f0e24 new=pending`,
		},
		FalsePositives: []string{
			`TWILIO_API_KEY=SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
			`sku=SK4d2c8b91de332c7b5e810193abe29fe`,
			`key=SK4d2c8b91de332c7b5e810193abe29fe1a`,
			`key=SK4D2C8B91DE332C7B5E810193ABE29FE1`,
			`key=SK4d2c8b91De332c7b5e810193aBe29fe1`,
			`trace=TASK4d2c8b91de332c7b5e810193abe29fe1`,
			`sid=SK00000000000000000000000000000001`,
			`sid=SKdeadbeefdeadbeefdeadbeefdeadbeef`,
			`blob=Zm9vSK4d2c8b91de332c7b5e810193abe29fe1YmFy`,
		},
	}}
}

// twilioSIDKeywords are "SK" followed by each lowercase hex digit.
func twilioSIDKeywords() []string {
	var kws []string
	for _, c := range "0123456789abcdef" {
		kws = append(kws, "SK"+string(c))
	}
	return kws
}
