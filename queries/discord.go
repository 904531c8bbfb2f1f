package queries

func discordRules() []*Rule {
	return []*Rule{{
		ID:          "discord-bot-token",
		Description: "Discord bot token",
		Severity:    High,
		Keywords:    []string{"discord", "authorization"},
		IgnoreCase:  true,
		// The first part is the base64 of the bot's numeric id, so it starts with M, N or O.
		Regex:      `(?:` + assigned(`(?i:discord)[A-Za-z0-9_.-]{0,30}`, ``) + `|` + assigned(`(?i:authorization)`, `(?i:bot)\s+`) + `)([MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40})`,
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
