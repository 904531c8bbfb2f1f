package queries

func runPodRules() []*Rule {
	return []*Rule{
		{
			ID: "runpod-api-key", Description: "RunPod API key", Severity: High,
			Provider: "RunPod", Peers: []string{"runpod-api-key.1"},
			Keywords:   []string{"rpa_"},
			Regex:      `(rpa_[A-Z0-9]{40}[A-Za-z0-9]{6})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.8, PreviewPrefix: 4,
			TruePositives: []string{
				`RUNPOD_API_KEY=rpa_74WODR269QDR4TDPA5P8NDAB8AY9SO3MJ7R5A2MQLcRd7a`,
				`ts=2026-12-07T09:14:03Z level=warn msg="retrying call" api_key=rpa_RAVWDST4ZTJ28ZR9AR9M9DKFG7FDWBJJHZ2FSAMPiEA7f6`,
			},
			FalsePositives: []string{
				`RUNPOD_API_KEY=rpa_<your-token>`,
				`RUNPOD_API_KEY=rpa_9LGIY59NQM9836KZWXFX9IA9WSEZVSDUDM9X2UiG`,
			},
		},
	}
}
