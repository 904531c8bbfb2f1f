package queries

func sourcegraphRules() []*Rule {
	return []*Rule{
		{
			ID: "sourcegraph-access-token", Description: "Sourcegraph access token", Severity: High,
			Provider: "Sourcegraph", Peers: []string{"sourcegraph-access-token"},
			Keywords:   []string{"sgp_"},
			Regex:      `(sgp_(?:[a-fA-F0-9]{16}_|local_)?[a-fA-F0-9]{40})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.2, PreviewPrefix: 4,
			TruePositives: []string{
				`SRC_ACCESS_TOKEN=sgp_b272dbb3659cdee3_a665678abc9a4875dfda553f0940dd14744ca0d9`,
				`Authorization: Bearer sgp_946f0da6b506daba_142439322922b7f38f36e6cdda7031a2f28654a7`,
				`SRC_ACCESS_TOKEN=sgp_local_8f3c2b1a9d7e6f5a4b3c2d1e0f9a8b7c6d5e4f31`,
			},
			FalsePositives: []string{
				`SRC_ACCESS_TOKEN=sgp_<your-token>`,
				`SRC_ACCESS_TOKEN=sgp_3af1eb79b5e7c_800478cdf44802d6dd9e695081446f2d6d1b4`,
			},
		},
	}
}
