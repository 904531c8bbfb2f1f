package queries

// AssemblyAI credentials.
func assemblyaiRules() []*Rule {
	return []*Rule{
		{
			ID:          "assemblyai-api-key",
			Description: "AssemblyAI API key next to its name",
			Severity:    High,
			Provider:    "AssemblyAI",
			Peers:       []string{"assemblyai-api-key"},
			Keywords:    []string{"assemblyai"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("assemblyai"), `([A-Za-z0-9]{32})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.0,
			TruePositives: []string{
				`ASSEMBLYAI_API_KEY=X9VMQZE88nHR5Nb0uG8dDIwJvOsp7wfB`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","assemblyai_token":"RzK9V3ZewmFhLxQKAO1UnQQGmZ8RU7L2"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync assemblyai_secret=Fp4CGvl82Xvy1ks3DIlp0rP1ce9p6zHT attempt=2`,
			},
			FalsePositives: []string{
				`ASSEMBLYAI_API_KEY=${ASSEMBLYAI_API_KEY}`,
				`assemblyai_token: "0123456789ABCDEFGHIJKLMNOPQRSTUV"`,
				`xassemblyaiish_ref=U9N3XMDfUR4wZ3FfO6w9gDQv8vrYVOA5`,
			},
		},
	}
}
