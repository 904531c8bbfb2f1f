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
				`ELEVENLABS_API_KEY=sk_c53a28d7326725e717dbacffe431b9a318ec0b439d4fd092`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","elevenlabs_token":"sk_2787aa5b125282777e92f689705ff5f7a316f550ccb6b46f"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync elevenlabs_secret=sk_27a55022d86b043adbf586672bfc20e8e465fa010454717a attempt=2`,
			},
			FalsePositives: []string{
				`ELEVENLABS_API_KEY=${ELEVENLABS_API_KEY}`,
				`elevenlabs_token: "sk_0123456789abcdef0123456789abcdef0123456789abcdef"`,
				`xelevenlabsish_ref=sk_8bf2f4d07423e810913517f4d44c369864e12093ca116938`,
			},
		},
	}
}
