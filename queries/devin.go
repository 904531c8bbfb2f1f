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
			Validators:    []Validator{noRuns, mixedCase},
			MinEntropy:    5.3,
			PreviewPrefix: 9,
			TruePositives: []string{
				`DEVIN_API_KEY=apk_user_YNiJRGiU+aSFsSQ2moZrRLZHZgWGTUjzDvfnIW6lh/CShnOSf8kEgxkXCWWjeI2uIyLEJtfs/Yr52FnwbD/WcU4BKtiLSXJhCd30e6RxlkIupcXlkTbDlSOWnkikzS8eSv`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"apk_user_XlX03a6KlOmbRMDsjYVyb9Cg67XANs7maD43L9IpgTN2LYBig4mBnvEk2aksv6VxUv6G+XyUnFkNh6YeGD4+dfddnKcbVvvLt+DWuCpc41oPwkw7x/DhxzUZOhJLKadWuNth"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer apk_user_y+Q8K80SbE6TsTI6GjvyKvzNDrCSAz2UVA5dB/2nhal/O1K7ReGlLK6BO4Ggs7rXrKjOcVJeJnSQ1A7nlUzR9bGjxeFlpBR2Y/QQZnljscfVn8oC+tV5JOkqgnJM+`,
			},
			FalsePositives: []string{
				`DEVIN_API_KEY=apk_user_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`DEVIN_API_KEY=apk_user_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuv`,
				`DEVIN_API_KEY=apk_user_F2Hty8JdovyEN2lFD6iE31bzIgAAaFqnnLxzFUx491rlL/d/wIqvL/2LlKuMPe4y5sBK6R18DymCCvIRj0VBC11kP4SPddLPWuGAOa+hvmXww93aFW4rV`,
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
			Validators:    []Validator{noRuns, mixedCase},
			MinEntropy:    5.0,
			PreviewPrefix: 4,
			TruePositives: []string{
				`DEVIN_SERVICE_KEY=apk_/ugFow/rH6/8ls8dep9zKz9ec6k92mMubQeyxl7SKCNTTPEV4WMiG5GrUV6IM8r/ir37rwxm/oiYGEAVyX09mzPCe95`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"apk_32vo8OkHoXxORNY9PJhDCt0c5ioXrjmmAqasqkkCkFE9gthDuOgg870qGsnX9My5CnJtQWqlJyZNA3UYCwo1Vytfejdi"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer apk_Pm3JyQPzEqCSxJxKqlyOdL3QPyBmqeXtxoX7kuTRizSHzG8SRnkOoKI0qdHDoiK4rPrVOGk/EiRNZClZTqLRowk`,
			},
			FalsePositives: []string{
				`DEVIN_SERVICE_KEY=apk_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`DEVIN_SERVICE_KEY=apk_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH`,
				`DEVIN_SERVICE_KEY=apk_1Hp8cBRZLo4wifXX2XGfuimyTP4FyDHWJ+18ClqABiZc7RDG8trQlyWvcfXtQ5oGB76uduwu4fL7B`,
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
				`DEVIN_TOKEN=cog_au2giigpx4wojlzjdjqu5lbsqp2w2xwyiaqv4dczd4thowo5ts4c`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"cog_6qdmwcvn36oxfwtrcexduj7cewitndolltxhuts7q7t6wcbft2nv"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer cog_ppn4j2lm6iuzyhaydrboud7kofci5cfisidzimxwqk4xskjghe7u`,
			},
			FalsePositives: []string{
				`DEVIN_TOKEN=cog_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`DEVIN_TOKEN=cog_234567abcdefghijklmnopqrstuvwxyz234567abcdefghijklmn`,
				`DEVIN_TOKEN=cog_iihsyq6xzl3vkg7gafwmrc7r4rkka7tsgr24cr6bhq5ndzp6s`,
			},
		},
	}
}
