package queries

func readmeRules() []*Rule {
	return []*Rule{
		{
			ID: "readme-api-token", Description: "ReadMe API key", Severity: High,
			Provider: "ReadMe", Peers: []string{"readme-api-token"},
			Keywords:   []string{"rdme_"},
			Regex:      `(rdme_[a-z0-9]{70})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0, PreviewPrefix: 5,
			TruePositives: []string{
				`README_API_KEY=rdme_boah0dw0avkzo06gn8on22x9izcu2tixg2y9e7s9dti9va4m6ln9saal315pnd7827mslq`,
				`Authorization: Bearer rdme_bl26zsu6pzg4109oscsoypvw7xo0wxg4fvg82sj7l0pnc520u6jq9bqku8tkoms4x68d0z`,
			},
			FalsePositives: []string{
				`README_API_KEY=rdme_<your-token>`,
				`README_API_KEY=rdme_jqrrs0pmubft91sdigdn9kvbh0t3jxoaorptuamer1gkf664g1fb269ru13dqz5idea`,
			},
		},
	}
}
