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
			MinEntropy:  3.1,
			TruePositives: []string{
				`FACEBOOK_API_KEY=61b4790f5b555f62afcd270a9ffd1577`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","facebook_token":"e9e0b1d91429bb18d0ce16af56fd9f49"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync facebook_secret=96722edcaa9b0ac1e753becb433e79f6 attempt=2`,
				`facebook_app_secret = "4fa93d2c71b8e06d5a3c9f1e2b7d8a60"`,
			},
			FalsePositives: []string{
				`FACEBOOK_API_KEY=${FACEBOOK_API_KEY}`,
				`facebook_token: "0123456789abcdef0123456789abcdef"`,
				`xfacebookish_ref=84e2d956b8a6648d7af7ec7167519b16`,
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
			Validators:  []Validator{noRuns, mixedCase},
			MinEntropy:  5.1,
			TruePositives: []string{
				`FACEBOOK_TOKEN=EAAMS8mWXhuXzuVbvRo86N03OoXF9Bb52hjvACPN0nVAR4fqwZpPGM2OMV26sSK3FPkeEWv4XvUCH8MlSwl8NIjZVaxiPHzM3CIrvKwsg0S4F`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"EAAM54lumIpc7WDGn4XnpW7EuniBKR2ClMm36S8GotJs6wt8qFRhT8IozzmIMEDzTNhsDUNMZw0DhRyFQAeEom28uiwJEUsMa6doItJ8x3WYK"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer EAAMuLZprqT9jHFnn28RgplLhHCvjbaP1nPkVu4WF8xS4IQuaXUk1gsk8QYiv6C3izeI7rAw7Zop3bG8yDRIoXndfy0hW7vZXoF1f8E3URiV`,
			},
			FalsePositives: []string{
				`FACEBOOK_TOKEN=EAAMxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`FACEBOOK_TOKEN=EAAM0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZab`,
				`FACEBOOK_TOKEN=EAAMxNb4V4NLq7P5PdxLcUmuhXTFb6K744GvtynccFsW0M3cwkRjy5a0emLK75qOXYMPKYrsvcSTR5QXwcOk7BFOQstes6f5CFA5b`,
				`checksum: eaac4cf978b6fbd480f1092cab8b233c9b949bcabfc9b598dd79a758f7243c28765ef7639c876fa72940dac687181b35486ea01ff7df3e65ce3848c64822c581`,
			},
		},
	}
}
