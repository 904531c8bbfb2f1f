package queries

// Facebook credentials.
func facebookRules() []*Rule {
	return []*Rule{
		{
			ID:          "facebook-secret",
			Description: "Facebook app secret next to its name",
			Severity:    High,
			Provider:    "Facebook",
			Peers:       []string{"facebook-secret"},
			Keywords:    []string{"facebook"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("facebook"), `([0-9a-f]{32})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.0,
			TruePositives: []string{
				`FACEBOOK_API_KEY=4eb7cdf1d7aadcd1a6984073cf3e8bbf`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","facebook_token":"3828b2d63d2c7ff26e78ee33ceb1e544"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync facebook_secret=26fb5a1b197cf35bf4f3e3bb48ad4e55 attempt=2`,
				`facebook_app_secret = "4fa93d2c71b8e06d5a3c9f1e2b7d8a60"`,
			},
			FalsePositives: []string{
				`FACEBOOK_API_KEY=${FACEBOOK_API_KEY}`,
				`facebook_token: "0123456789abcdef0123456789abcdef"`,
				`xfacebookish_ref=4bb6b2bc418c0df655b4d2d63d483fee`,
			},
		},
		{
			ID:          "facebook-access-token",
			Description: "Facebook app access token (app id|secret)",
			Severity:    High,
			Provider:    "Facebook",
			Peers:       []string{"facebook-access-token"},
			Keywords:    []string{"facebook"},
			IgnoreCase:  true,
			Regex:       `(?:\b|_)(?i:facebook)[^\r\n]{0,40}?\b([0-9]{15,16}(?:\||%7[Cc])[0-9A-Za-z_-]{27,40})(?:[^0-9A-Za-z_-]|$)`,
			Validators:  []Validator{noRuns},
			MinEntropy:  3.0,
			TruePositives: []string{
				`{"facebook access_token":"911602140448729|AY-lRJZq9BoDLobvAiP25L7RcMg","token_type":"bearer"}`,
				`facebook graph call app_token=1308742762612587|rhoK1cbv0DOU_RTX_87O4MkX7AI`,
			},
			FalsePositives: []string{
				`facebook order=1308742762612587|status`,
				`order=1308742762612587|rhoK1cbv0DOU_RTX_87O4MkX7AI`,
			},
		},
		{
			ID:          "facebook-page-access-token",
			Description: "Facebook Graph API user or page access token",
			Severity:    Critical,
			Provider:    "Facebook",
			Peers:       []string{"facebook-page-access-token"},
			Keywords:    []string{"EAAB", "EAAC", "EAAG", "EAAM"},
			Regex:       `(EAA[BCGM][A-Za-z0-9]{100,400})(?:[^A-Za-z0-9]|$)`,
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.6,
			TruePositives: []string{
				`FACEBOOK_TOKEN=EAAMAQkqCJR2ZeM0isVQeuIMyH5MCzjWr8ybPFljrFGH7rgJx9SoMPpklfah3G2iPdz3Wkp4oG8F9yrLeBBcXblaBzIAFsD6HCq5NCTIYox11YiIRsh`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"EAAMWMcZSnptcEIrbsPtwRAEeuG2FU4vPIzlpwhMkjRWW9Is4587i5r85z5ubWaGC3zcRtR4ZWYDZFogmx5Jvhyn2YmzogjcS2yBBgm97qb"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer EAAMlKKol6ZyMsSgDKItOiNwZFqBzYVa8ZjSoFMmnESlhkm20akAFoejL49f70m14viYgc1avxYBGKyMf8wx19k8g4t6cjDx078ZiGey`,
			},
			FalsePositives: []string{
				`FACEBOOK_TOKEN=EAAMxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`FACEBOOK_TOKEN=EAAM0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZab`,
				`FACEBOOK_TOKEN=EAAMqN6DAClv43BK34BNQ3MZIF7G6PJRmUo0jyzvOuGrbJtQSI5uXtaQA7JHVEAjEucEOof1oa5VY3499Dqb0M1XHXuRTVewssmsr`,
				`checksum: eaac4cf978b6fbd480f1092cab8b233c9b949bcabfc9b598dd79a758f7243c28765ef7639c876fa72940dac687181b35486ea01ff7df3e65ce3848c64822c581`,
			},
		},
	}
}
