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
			MinEntropy:  3.7,
			TruePositives: []string{
				`ASSEMBLYAI_API_KEY=UpRLz7fSYEShnxL7zvbMzNzVmSZxThr9`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","assemblyai_token":"w6Ihtad3GrF2Otyij2miuhMNhlCRUhxJ"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync assemblyai_secret=WMQo0RVoBlVDCoUyTMUFjAnF98CalSgF attempt=2`,
			},
			FalsePositives: []string{
				`ASSEMBLYAI_API_KEY=${ASSEMBLYAI_API_KEY}`,
				`assemblyai_token: "0123456789ABCDEFGHIJKLMNOPQRSTUV"`,
				`xassemblyaiish_ref=WgkBiQ81uGEYObtR7EwOsGB6t98eDQjA`,
			},
		},
	}
}
