package queries

func twitchRules() []*Rule {
	return []*Rule{
		{
			ID: "twitch-api-token", Description: "Twitch API client secret or token next to its name", Severity: High,
			Provider: "Twitch", Peers: []string{"twitch-api-token"},
			Keywords:   []string{"twitch", "TWITCH", "Twitch"},
			Regex:      assigned(namedCredential(`(?:twitch|TWITCH|Twitch)`), `([A-Za-z0-9]{30})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.5,
			TruePositives: []string{
				`TWITCH_CLIENT_SECRET=mnud0l22huqzidu212wzhrhnlbxsop`,
				`ts=2026-12-07T09:14:03Z level=debug msg="sync job" twitch_token=3eh91w6uv932dxvgyphhm8rlaxth40`,
			},
			FalsePositives: []string{
				`TWITCH_CLIENT_SECRET=${TWITCH_CLIENT_SECRET}`,
				`TWITCH_CLIENT_SECRET=abcdefghijklmnopqrstuvwxyz0123`,
			},
		},
	}
}
