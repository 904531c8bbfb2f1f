package queries

func nvidiaRules() []*Rule {
	return []*Rule{
		{
			ID: "nvidia-api-key", Description: "NVIDIA API key (NGC, build.nvidia.com)", Severity: High,
			Provider: "NVIDIA", Peers: []string{"nvidia-api-key"},
			Keywords:   []string{"nvapi-"},
			Regex:      `(nvapi-[A-Za-z0-9_-]{60,70})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0, PreviewPrefix: 6,
			TruePositives: []string{
				`NVIDIA_API_KEY=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`,
				`ts=2026-12-07T09:14:03Z level=warn msg="request failed" api_key=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`,
			},
			FalsePositives: []string{
				`NVIDIA_API_KEY=nvapi-<your-token>`,
				`NVIDIA_API_KEY=nvapi-sEUeZgkGLNvWOsBo6DREGcUunzGeNginBsupG8FF4GYrekFrRUJWaP6d6QA`,
			},
		},
	}
}
