package queries

func rainforestPayRules() []*Rule {
	return []*Rule{
		{
			ID: "rainforest-pay-production-api-key", Description: "Rainforest Pay production API key next to its name", Severity: Critical,
			Provider: "Rainforest Pay", Peers: []string{"rainforest-pay-production-api-key"},
			Keywords:   []string{"rainforest", "RAINFOREST", "Rainforest"},
			Regex:      assigned(namedCredential(`(?:rainforest|RAINFOREST|Rainforest)`), `(apikey_[a-f0-9]{64})`+valueEnd),
			MinEntropy: 3.5,
			TruePositives: []string{
				`RAINFOREST_API_KEY=apikey_2ab54ffc8f81f511993b32a158499acbc1ef89a84a0b9d1cab8c4cf9876f0f93`,
				`{"level":"info","msg":"request failed","rainforestApiKey":"apikey_26cbf654ea3cdf8c659a11b18c1eb60201cb8e1e122dab43baebb0c10384f750"}`,
			},
			FalsePositives: []string{
				`RAINFOREST_API_KEY=${RAINFOREST_API_KEY}`,
				`RAINFOREST_API_KEY=apikey_2c183c3c91bd4c72849b90416c611a477f7505dd280e29a2ee44cee17ead6`,
			},
		},
	}
}
