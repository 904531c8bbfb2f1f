package queries

// LightOn Paradigm platform.
func lightOnRules() []*Rule {
	return []*Rule{
		{
			ID: "lighton-paradigm-api-key", Description: "LightOn Paradigm API key next to its name", Severity: High,
			Provider: "LightOn", Peers: []string{"lighton-paradigm-api-key"},
			Keywords:   []string{"lighton", "LIGHTON", "Lighton", "LightOn", "paradigm", "PARADIGM", "Paradigm"},
			Regex:      assigned(namedCredential(`(?:lighton|LIGHTON|Lighton|LightOn|paradigm|PARADIGM|Paradigm)`), `([A-Za-z0-9_-]{40,80})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.8,
			TruePositives: []string{
				`LIGHTON_API_KEY=Pg-Qz3EsPHmDdMzhWjMrnvdYXKZDiZnqeGElPN8CdbC_s6Ny`,
				`{"level":"info","msg":"webhook delivery","lighton_api_key":"KElVbciNDFBNfxie20qLZjP1QfJvuSMkiff93nl-nG1b5H1L"}`,
			},
			FalsePositives: []string{
				`LIGHTON_API_KEY=${LIGHTON_API_KEY}`,
				`LIGHTON_API_KEY=ab-abcdefghijklmnopqrstuvwxyz0123456789abcd_abcd`,
			},
		},
	}
}
