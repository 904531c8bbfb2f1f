package queries

func personaRules() []*Rule {
	return []*Rule{
		{
			ID: "persona-production-api-key", Description: "Persona production API key", Severity: Critical,
			Provider: "Persona", Peers: []string{"persona-production-api-key"},
			Keywords:   []string{"persona_production_"},
			Regex:      `(persona_production_[a-z0-9_-]{20,80})` + valueEnd,
			MinEntropy: 3.0, PreviewPrefix: 19,
			TruePositives: []string{
				`PERSONA_API_KEY=persona_production_2d3726dd-e906-20d8-7b9f-03ae10811a20`,
				`ts=2026-12-07T09:14:03Z level=warn msg="config loaded" api_key=persona_production_11d44517-b3b7-cf28-d4e7-b0f14993a17a`,
			},
			FalsePositives: []string{
				`PERSONA_API_KEY=persona_production_<your-token>`,
				`PERSONA_API_KEY=persona_production_of53lh2fbbma`,
			},
		},
	}
}
