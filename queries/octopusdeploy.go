package queries

func octopusDeployRules() []*Rule {
	return []*Rule{
		{
			ID: "octopus-deploy-api-key", Description: "Octopus Deploy API key", Severity: High,
			Provider: "Octopus Deploy", Peers: []string{"octopus-deploy-api-key"},
			Keywords:   []string{"API-"},
			Regex:      `(API-[A-Z0-9]{26})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.5, PreviewPrefix: 4,
			TruePositives: []string{
				`OCTOPUS_API_KEY=API-0TMV81QSO6V7B0VNESWDZ8AL4S`,
				`ts=2026-12-07T09:14:03Z level=warn msg="config loaded" api_key=API-VP3SII1S450BKFVTAMQU9CYJDO`,
			},
			FalsePositives: []string{
				`OCTOPUS_API_KEY=API-<your-token>`,
				`OCTOPUS_API_KEY=API-9ALN354D5PBFBCSUC4GYX6K`,
				`X-API-KEY: none`,
				`header=X-API-AUTHENTICATIONREQUIREDFORTHISCALL`,
			},
		},
	}
}
