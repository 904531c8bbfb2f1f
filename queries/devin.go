package queries

// Devin credentials.
func devinRules() []*Rule {
	return []*Rule{
		{
			ID:            "devin-personal-api-key",
			Description:   "Devin personal API key",
			Severity:      Critical,
			Provider:      "Devin",
			Peers:         []string{"devin-personal-api-key"},
			Keywords:      []string{"apk_user_"},
			Regex:         `(apk_user_[A-Za-z0-9+/]{120,180}={0,2})(?:[^A-Za-z0-9+/=]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.8,
			PreviewPrefix: 9,
			TruePositives: []string{
				`DEVIN_API_KEY=apk_user_J8hVYWflohTq/UjjkIqwqMbANJKL0M01CxZI5ZKDWI7k78YwjscV67yNVxRuLJ2Lvsoo6MEHZHfseOr0S66n/9mzngntqHwUuHmrvaHDHIgm2SyouVju7gA1gF6/hHY2m`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"apk_user_jGlWDkxfakAsFLBieEcKATkkXrD2j0YE/inwcB0ZsPwFm1bZ6JL1A9h4Cq0GIADflMzBxLkmL0MyqjIKnzxKUZP+GtmhoUksSkn5QGvWnB9kRg0nMr9T9pGkFzyYHgwn"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer apk_user_h6Yny/R5AM0zA1Qk4E5kyETxlHhTxbZRY5/vuc5hUHa+eU9xYPg0wwAX2oN6awhpuyOhy0QKPcK2CWAFrjOYEy690LrltpGg5t9kDtXQ4IoaNku8fxCw5O3JGzhGyxWn5C`,
			},
			FalsePositives: []string{
				`DEVIN_API_KEY=apk_user_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`DEVIN_API_KEY=apk_user_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuv`,
				`DEVIN_API_KEY=apk_user_Gk8rL1nj8sM+wYww1n6xXSnCM42vCf8u6ihaWk+ideND5BlT2jbO0chPGsjoFeyUqBpguLr1zIJubnT9BDqOVRmp1/VUhJd17MafirSQDeFdooEuf86aG`,
			},
		},
		{
			ID:            "devin-service-api-key",
			Description:   "Devin service API key",
			Severity:      Critical,
			Provider:      "Devin",
			Peers:         []string{"devin-service-api-key"},
			Keywords:      []string{"apk_"},
			Regex:         `(apk_[A-Za-z0-9+/]{80,100}={0,2})(?:[^A-Za-z0-9+/=]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.5,
			PreviewPrefix: 4,
			TruePositives: []string{
				`DEVIN_SERVICE_KEY=apk_+C4RmaKNhwA7BglYg52mWW4SKhuJzYs//YnxLbwrVG9hewu8P/fA7FYT1eTtt031F0rITF7fjwr4cn1uEu1su4`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"apk_HewG9PabpYU1oe2MKgf12mmaxtASn2t5dNMdDqc4y83FhFN2UIzMVotjtet93BNa+5wvsNnSi3bqWXmI/IziwQz/7kp"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer apk_xAXge+4opZk+NKX0NDk0uriSv4mzd5F5vDzIsMWbXcEqfSGvY9Md+HRl0RtWqcBwkeKLnyjeW/iALSymaSiEVWLygP`,
			},
			FalsePositives: []string{
				`DEVIN_SERVICE_KEY=apk_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`DEVIN_SERVICE_KEY=apk_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH`,
				`DEVIN_SERVICE_KEY=apk_BUh4rBniPp3agfXbJzGRUNAQvS2I4TYAul2BbQkn+nznR5KrVkwRyycSAm1oo9W+J8Bscg0OOez3O`,
			},
		},
		{
			ID:            "devin-service-user-token",
			Description:   "Devin service user token",
			Severity:      Critical,
			Provider:      "Devin",
			Peers:         []string{"devin-service-user-token"},
			Keywords:      []string{"cog_"},
			Regex:         `(cog_[a-z2-7]{52})(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.1,
			PreviewPrefix: 4,
			TruePositives: []string{
				`DEVIN_TOKEN=cog_7r2pczuyqyxufwxs57mzaw4m33wypzyn4sy4mf6fiy27wv2ft6nk`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"cog_7prnewuwy5d2dmyuzmmzv4etg7mqao54qeo6x6ugauki2zb4ceie"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer cog_muhn3twut4de2h6tes4ogqonh5cjofljfacds3unkd5j5mrlpgew`,
			},
			FalsePositives: []string{
				`DEVIN_TOKEN=cog_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`DEVIN_TOKEN=cog_234567abcdefghijklmnopqrstuvwxyz234567abcdefghijklmn`,
				`DEVIN_TOKEN=cog_pe2yo5kc3x3rh4hjn55he4ylmtyqgyxleeaq7fe4spehqscq7`,
			},
		},
	}
}
