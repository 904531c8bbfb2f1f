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
				`FACEBOOK_API_KEY=79dec84aa6c29ed85ad3c3cd3e38ff81`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","facebook_token":"2a8b66d7e8fce8db7c8be933bdbb6b55"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync facebook_secret=9d1dc9d851e4cd64ada1940ea61fafed attempt=2`,
				`facebook_app_secret = "4fa93d2c71b8e06d5a3c9f1e2b7d8a60"`,
			},
			FalsePositives: []string{
				`FACEBOOK_API_KEY=${FACEBOOK_API_KEY}`,
				`facebook_token: "0123456789abcdef0123456789abcdef"`,
				`xfacebookish_ref=bb0254a368d9be2728c893b3c1bad690`,
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
				`FACEBOOK_TOKEN=EAAMv97PB1XUYWEXF6Ta3EE649OmlIZvSOHhkNFeOTvaGdexQXig8ngciOAHnmtwz1ZXqBhaBgRVZYsGKmrH5BFfpGhKzNeRu5bAq3CEqmYUdUdeU0Lz`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"EAAMalXth0NkPrCeoM7AK3CgsnJ9Rd0Hm6xLPiAkm10UtNgR0SCKFy5JaSo1PJtpYK2GgZU4fb29PK0G18uEEZ4L6CMIytj0NHaq0XItotBQ085SAs"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer EAAMrToUwYaks5sFKihqFNJCv3zXkmNGir45QgOOraH7xJFjtrh2ADsJTYE6ApCkkUX4UUNY7YKdXJEa5ahGGvPNC4IrDUl280vLs7H7Mb8Zkhed`,
			},
			FalsePositives: []string{
				`FACEBOOK_TOKEN=EAAMxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`FACEBOOK_TOKEN=EAAM0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZab`,
				`FACEBOOK_TOKEN=EAAMn0OEJ3THLyxhxwQBOisBvM8kzRNLU0HVpBrzEkTpNI1kEI9jXl10VpsXFIPNVpnVwwghXhNQcSrwnMc3ZPfE3DQpOLugTWNr2`,
				`checksum: eaac4cf978b6fbd480f1092cab8b233c9b949bcabfc9b598dd79a758f7243c28765ef7639c876fa72940dac687181b35486ea01ff7df3e65ce3848c64822c581`,
			},
		},
	}
}
