package queries

// Weights & Biases API keys: the older 40 hex digits next to their name, and wandb_v1_ keys.
func weightsAndBiasesRules() []*Rule {
	return []*Rule{
		{
			ID: "weights-and-biases-api-key-v1", Description: "Weights & Biases API key (v1)", Severity: High,
			Provider: "Weights & Biases", Peers: []string{"weights-and-biases-api-key-v1"},
			Keywords:   []string{"wandb_v1_"},
			Regex:      `(wandb_v1_[A-Za-z0-9_]{77})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0, PreviewPrefix: 9,
			TruePositives: []string{
				`WANDB_API_KEY=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`,
				`{"level":"error","msg":"deploy step","token":"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"}`,
			},
			FalsePositives: []string{
				`WANDB_API_KEY=wandb_v1_<your-token>`,
				`WANDB_API_KEY=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`,
			},
		},
		{
			ID: "weights-and-biases-api-key", Description: "Weights & Biases API key next to its name", Severity: High,
			Provider: "Weights & Biases", Peers: []string{"weights-and-biases-api-key"},
			Keywords:   []string{"wandb", "WANDB", "Wandb", "WandB", "weightsandbiases", "WEIGHTSANDBIASES", "Weightsandbiases", "weightsAndBiases", "WeightsAndBiases"},
			Regex:      assigned(namedCredential(`(?:wandb|WANDB|Wandb|WandB|weightsandbiases|WEIGHTSANDBIASES|Weightsandbiases|weightsAndBiases|WeightsAndBiases)`), `([a-f0-9]{40})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.2,
			TruePositives: []string{
				`WANDB_API_KEY=da0f8f8e36a9b1bc6a46eb0cb8f7870d83156c74`,
				`{"level":"info","msg":"upload ok","wandb_key":"9ce691cd28bacbb643cbfedb0be261a1d34c03d2"}`,
			},
			FalsePositives: []string{
				`WANDB_API_KEY=${WANDB_API_KEY}`,
				`WANDB_API_KEY=0123456789abcdef0123456789abcdef01234567`,
			},
		},
	}
}
