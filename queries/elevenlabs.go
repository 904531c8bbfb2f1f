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
				`ELEVENLABS_API_KEY=sk_5be9674a521c4d8558029713a5b28a4e78f3622c844ad641`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","elevenlabs_token":"sk_48adf89babde928cd11df4b9f970a816bee6ec9c8a3c2db4"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync elevenlabs_secret=sk_ca1d741d348d00cd68e599700cfc28468fda384bdb72dfb3 attempt=2`,
			},
			FalsePositives: []string{
				`ELEVENLABS_API_KEY=${ELEVENLABS_API_KEY}`,
				`elevenlabs_token: "sk_0123456789abcdef0123456789abcdef0123456789abcdef"`,
				`xelevenlabsish_ref=sk_e7f4c941cd0bc7dceed5a801405dd568ae30061dc697a04e`,
			},
		},
	}
}
