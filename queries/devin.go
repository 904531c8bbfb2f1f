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
			MinEntropy:    4.7,
			PreviewPrefix: 9,
			TruePositives: []string{
				`DEVIN_API_KEY=apk_user_GKUy0prZ+5uR3KYONySD5OPKhZdK1GSTnxmBViOVWjqKKBqdIw9mLVHFmVQTQr4FVbg9TlXIT/8vgqyWpud6iScY8ER6gW//Z9VtfnKMX/66KnONsMb/TLsp1a`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"apk_user_EQPhYGBJCWAnmra9/IU8jDKUIeITMwE+K6rYPJwUYPGtBYKEQyyqn9jUTFHCqRdAAHUIZ0qsqhimPsBxJfFxP5WgE4X5Z1720Dd+s3Pd3XQyquy2nSCvfxvR"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer apk_user_tXXY4jHH6oFZJvhb8UqCGtEzNhLgG0xdHngoNxWXO7WiX4/mW5KPfylMu7eQvIwgY0Ydm9MqdHuMefVd6Dtuo8/5gflppaQUullgylIVDHt/lvS5C+LFX5uajhXh+eYZQ`,
			},
			FalsePositives: []string{
				`DEVIN_API_KEY=apk_user_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`DEVIN_API_KEY=apk_user_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuv`,
				`DEVIN_API_KEY=apk_user_rOBpLXC1S4lU6m6QcgdsIvSG0e8R2LhTLYhQye5EkbkZud79e3P6mFTh9Gootyf0phnVDUhK4cKKzPlLk6OyKMKklMKoCDKrPLNG/9Vtf8WFhkHLQz4mt`,
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
				`DEVIN_SERVICE_KEY=apk_NUR5QR8n/U8xbW8B0XUK1X83MPO3DNJNNZSvP4IsD8MLeJUcb+MiJlLe6AkyNedfM6NS5tjCvOQS1cQ3P3seTqLBZt`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"apk_Yag7rYbm+kpVaP75F7GyAbTekAPzb9A3c9B4xMwXpQ5ShaOjBG6YVeByBB+dN0FP6AOuwXSrav1XMFgqlWwL2fSKU"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer apk_WAVvqDRWIyGrUHJQlakbKmUeDaE+tiK3mbB3vI6tolwruCHErXRMnKNugkuu7IUqhvAovdlrkoaevBUm1nKe7y9fYE`,
			},
			FalsePositives: []string{
				`DEVIN_SERVICE_KEY=apk_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`DEVIN_SERVICE_KEY=apk_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH`,
				`DEVIN_SERVICE_KEY=apk_ShuEgPqsoNfBI6x2yLML2l/+hqv+tIEj90nWhS/6ut5x3bwuTfYG0VzQqwdJqZTaE3/ZgmR5GtaHn`,
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
				`DEVIN_TOKEN=cog_bauilw4jgjlq4iysttcnuswcf4qjgsa72afwmkx6hwsqgd7qixtq`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"cog_eedsgryoyke7624brkgnvpl3km7mpyrvrzucrqisohave6ygq4wn"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer cog_wpos4b6sjqcsfbsen7u7x3zw4dhll5q7lae6wlnqzdmeck47mtev`,
			},
			FalsePositives: []string{
				`DEVIN_TOKEN=cog_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`DEVIN_TOKEN=cog_234567abcdefghijklmnopqrstuvwxyz234567abcdefghijklmn`,
				`DEVIN_TOKEN=cog_4gr277x5hxgb4k3ha6embmpfdbrdopqbzfp6txijxu6oosdb2`,
			},
		},
	}
}
