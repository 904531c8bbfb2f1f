package queries

// Mailgun keys beside the private key-… API key (email.go): the public validation key and the webhook signing key.
func mailgunRules() []*Rule {
	return []*Rule{
		{
			ID: "mailgun-public-key", Description: "Mailgun public validation key", Severity: Low,
			Provider: "Mailgun", Peers: []string{"mailgun-pub-key"},
			Keywords:   []string{"pubkey-"},
			Regex:      `(pubkey-[a-f0-9]{32})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.0, PreviewPrefix: 7,
			TruePositives: []string{
				`MAILGUN_PUBLIC_KEY=pubkey-0271853243fda24df8b94dec12b56827`,
				`ts=2026-12-07T09:14:03Z level=warn msg="deploy step" api_key=pubkey-7a342ea5705a9d8b9e1ae41d47a4ac0e`,
			},
			FalsePositives: []string{
				`MAILGUN_PUBLIC_KEY=pubkey-<your-token>`,
				`MAILGUN_PUBLIC_KEY=pubkey-44b1a6998b562954ff9d2ae26e7e2`,
			},
		},
		{
			// Signing keys are hex in practice; the name makes the shape distinctive enough to accept the letters up to h that other scanners' samples use.
			ID: "mailgun-signing-key", Description: "Mailgun webhook signing key next to its name", Severity: High,
			Provider: "Mailgun", Peers: []string{"mailgun-signing-key"},
			Keywords:   []string{"mailgun", "MAILGUN", "Mailgun"},
			Regex:      assigned(namedCredential(`(?:mailgun|MAILGUN|Mailgun)`), `([a-h0-9]{32}-[a-h0-9]{8}-[a-h0-9]{8})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.0,
			TruePositives: []string{
				`MAILGUN_WEBHOOK_SIGNING_KEY=198bf4bfa3679e0d4b9b6fd9915d1bf6-7afe7084-76b92437`,
				`  mailgun_signing_key: "ac635779a54edee0947178c34d2af89c-578df8db-82cb2e9e"`,
			},
			FalsePositives: []string{
				`MAILGUN_WEBHOOK_SIGNING_KEY=${MAILGUN_WEBHOOK_SIGNING_KEY}`,
				`MAILGUN_WEBHOOK_SIGNING_KEY=5f30f1845f16f9099e465c7905e7c-eb2f6-710a0`,
			},
		},
	}
}
