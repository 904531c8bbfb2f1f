package queries

func discordRules() []*Rule {
	return []*Rule{{
		ID:          "discord-bot-token",
		Description: "Discord bot token",
		Severity:    High,
		Keywords:    []string{"discord", "authorization"},
		IgnoreCase:  true,
		// The first part is the base64 of the bot's numeric id, so it starts with M, N or O.
		Regex:      `(?:` + assigned(cased("discord")+`[A-Za-z0-9_.-]{0,30}`, ``) + `|` + assigned(cased("authorization"), `(?i:bot)\s+`) + `)([MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40})`,
		MinEntropy: 4.0,
		TruePositives: []string{
			`DISCORD_BOT_TOKEN=MTFYzeTrbGghjjMlio63MNXQa8.FnC_B3.43qMBdyxs7GiOFxD8ZQXtmmu5Fppu767rj-5T4`,
			`client = Client(discord_token := "NwnJc6Q1nsbDrGu2Ml0BE6sT59.HvgNBL.iHXZc5QY_mwT2KKLMajIXQjVwfpK1aC_PObvWl")`,
			`{"level":"debug","msg":"gateway identify","headers":{"Authorization":"Bot ODOFohkTf-HPj8HgczZRlgNV.d63H9J.UL_dEtKlD-EN7yRbteT2TPliMWM"}}`,
		},
		FalsePositives: []string{
			`DISCORD_BOT_TOKEN=<bot token>`,
			`user_id=MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.Gabcde.not-a-token`,
		},
	}, {
		// Discord's OAuth2 application credentials: a numeric snowflake id (public, low) and a
		// 32-character secret; the application's 64-hex public key is named as a token by some.
		ID:          "discord-client-secret",
		Description: "Discord OAuth2 application client secret next to its name",
		Severity:    High,
		Provider:    "Discord",
		Peers:       []string{"discord-client-secret"},
		Keywords:    []string{"discord"},
		IgnoreCase:  true,
		Regex:       assigned(nameWords("discord"), `([A-Za-z0-9_-]{32})(?:[^A-Za-z0-9_-]|$)`),
		Validators:  []Validator{noRuns},
		MinEntropy:  2.6,
		TruePositives: []string{
			`DISCORD_CLIENT_SECRET=q8Wm3Nv7Xk2Lp9Rt_Yb6Zc1Hd5Fg0Js2`,
			`{"discord_client_secret":"Jd83kLqP0xWv-6mTzR2yN9bC4hF7gS1a"}`,
			`discordToken = "79051837264519083746152903847561"`,
		},
		FalsePositives: []string{`DISCORD_CLIENT_SECRET=${DISCORD_CLIENT_SECRET}`, `discord_token: "abcdefghijklmnopqrstuvwxyz012345"`},
	}, {
		ID:          "discord-client-id",
		Description: "Discord application (client) id next to a token name: public, reported low",
		Severity:    Low,
		Provider:    "Discord",
		Peers:       []string{"discord-client-id"},
		Keywords:    []string{"discord"},
		IgnoreCase:  true,
		Regex:       assigned(nameWords("discord"), `([0-9]{17,19})(?:[^A-Za-z0-9]|$)`),
		Validators:  []Validator{noRuns},
		MinEntropy:  2.5,
		TruePositives: []string{
			`DISCORD_APP_TOKEN=839201746518273645`,
			`discord_token: "927364518203746591"`,
		},
		FalsePositives: []string{`DISCORD_TOKEN=123456789012345678`, `discord_channel=839201746518273645`},
	}, {
		ID:          "discord-api-token",
		Description: "Discord application public key or API token (64 hex) next to its name",
		Severity:    Medium,
		Provider:    "Discord",
		Peers:       []string{"discord-api-token"},
		Keywords:    []string{"discord"},
		IgnoreCase:  true,
		Regex:       assigned(nameWords("discord"), `([0-9a-f]{64})(?:[^A-Za-z0-9]|$)`),
		Validators:  []Validator{noRuns, digitAndLetter},
		MinEntropy:  3.3,
		TruePositives: []string{
			`DISCORD_PUBLIC_KEY=4f1e9a2c7b3d8e5f0a6c1b9d2e7f3a8c5b0d4e9f1a6c2b7d3e8f5a0c9b4d1e6f`,
			`{"discord_token":"a93c5e7f1b2d4068e9f3a1c5b7d2e4f6089a1b3c5d7e9f2a4b6c8d0e1f3a5b7c"}`,
		},
		FalsePositives: []string{`DISCORD_PUBLIC_KEY=<public key>`, `discord_key_hash=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef`},
	}, {
		ID:            "discord-webhook-url",
		Description:   "Discord webhook URL",
		Severity:      Medium,
		Keywords:      []string{"discord.com/api/webhooks/", "discordapp.com/api/webhooks/"},
		Regex:         `(discord(?:app)?\.com/api/webhooks/[0-9]{17,20}/[A-Za-z0-9_-]{60,68})`,
		MinEntropy:    3.5,
		PreviewPrefix: 7,
		TruePositives: []string{
			`DISCORD_WEBHOOK=https://discord.com/api/webhooks/8659430868822237238/8WhVEOWyPgzcatWIVEzx67Mnsizs9me2pxD_wRYivAxZYPqGIMQ2RA9GVp9Coj5YazXm`,
			`{"alert":"deploy done","webhook":"https://discordapp.com/api/webhooks/973231562645984356/zdLWfCzZWPKXJQx_XrCpvvt6NvM3lESgHqpRUM2-P5R-Xt9SYT7460O3Vfjxedra65Gi"}`,
		},
		FalsePositives: []string{`https://discord.com/api/webhooks/{webhook.id}/{webhook.token}`},
	}, {
		ID:          "telegram-bot-token",
		Description: "Telegram bot token (the secret part after the bot id)",
		Severity:    High,
		Keywords:    []string{":AA"},
		Regex:       `[0-9]{8,10}:(AA[0-9A-Za-z_-]{33})`,
		MinEntropy:  3.5,
		TruePositives: []string{
			`POST https://api.telegram.org/bot1801970852:AA7zdZb_oNdAMJG6CJJhtq4tMUXo8fC_FKK/sendMessage`,
			`TELEGRAM_BOT_TOKEN=407982300:AADvn2jGkyKyZe3K13Y0kdI6pSt0MzwSl3R`,
			`{"msg":"bot start","token":"1658784896:AASCTI1ptvEusmehNcG4WH6h3LZEI77C6yq"}`,
		},
		FalsePositives: []string{
			`TELEGRAM_BOT_TOKEN=123456789:AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
			`ts=12:34:56 level=info msg="12345678:AAA battery ok"`,
		},
	}}
}
