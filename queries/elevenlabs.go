package queries

// ElevenLabs credentials.
func elevenlabsRules() []*Rule {
	return []*Rule{
		{
			ID:          "elevenlabs-api-key",
			Description: "ElevenLabs API key next to its name",
			Severity:    High,
			Provider:    "ElevenLabs",
			Peers:       []string{"elevenlabs-api-key"},
			Keywords:    []string{"elevenlabs", "xi-api-key", "xi_api_key"},
			IgnoreCase:  true,
			Regex:       assigned(credentialName(`elevenlabs|xi[-_]api[-_]`), `(sk_[0-9a-f]{48})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.5,
			TruePositives: []string{
				`ELEVENLABS_API_KEY=sk_4ce1ab44be729b515abda4163993d13a5478bd2c316f425a`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","elevenlabs_token":"sk_07d7bdbe44c543d1767637628a03a56358d9e8c041322811"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync elevenlabs_secret=sk_ac844c78c70528550f0c5e73ad9fb89aa7369cdb4988da5d attempt=2`,
			},
			FalsePositives: []string{
				`ELEVENLABS_API_KEY=${ELEVENLABS_API_KEY}`,
				`elevenlabs_token: "sk_0123456789abcdef0123456789abcdef0123456789abcdef"`,
				`xelevenlabsish_ref=sk_f1fa739a97f6a5558a9289e9194f89fb54d32cd4587198ec`,
			},
		},
	}
}
