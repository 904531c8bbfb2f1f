package queries

func slackRules() []*Rule {
	return []*Rule{{
		ID:            "slack-bot-token",
		Description:   "Slack bot token",
		Severity:      High,
		Keywords:      []string{"xoxb-"},
		Regex:         `(xoxb-[0-9]{8,14}-(?:[0-9]{8,14}-)?[A-Za-z0-9]{18,34})`,
		MinEntropy:    3.0,
		PreviewPrefix: 5,
		TruePositives: []string{
			`SLACK_BOT_TOKEN=xoxb-397939151355-1223398160364-WtACD6FIpyl9c9v4sNnoVckf`,
			`{"level":"error","msg":"slack post failed","token":"xoxb-67210411073-4107770208466-uJqs5FbD9XdOH0gRJduoiTGf","channel":"C024BE91L"}`,
		},
		FalsePositives: []string{`SLACK_BOT_TOKEN=xoxb-your-bot-token`, `SLACK_BOT_TOKEN=xoxb-<YOUR_TOKEN>`, `SLACK_BOT_TOKEN=xoxb-000000000000-0000000000000-xxxxxxxxxxxxxxxxxxxxxxxx`},
	}, {
		ID:            "slack-user-token",
		Description:   "Slack user token",
		Severity:      Critical,
		Keywords:      []string{"xoxp-"},
		Regex:         `(xoxp-[0-9]{8,14}-[0-9]{8,14}-[0-9]{8,14}-[a-f0-9]{32})`,
		MinEntropy:    3.0,
		PreviewPrefix: 5,
		TruePositives: []string{
			`Authorization: Bearer xoxp-106251754798-303111916535-7050687631564-588312d3f23db4ba1414cb8dbc484e2e`,
			`POST /api/chat.postMessage token=xoxp-16991668932-794777612427-9258438691145-bb654449ba7fc85b95f4f2f3e30c4ee3&channel=C024BE91L`,
		},
		FalsePositives: []string{`token=xoxp-<token>`},
	}, {
		ID:            "slack-workspace-token",
		Description:   "Slack workspace or legacy app token (xoxa/xoxr)",
		Severity:      High,
		Keywords:      []string{"xoxa-", "xoxr-"},
		Regex:         `(xox[ar]-(?:[0-9]-)?[0-9A-Za-z]{8,14}-[0-9A-Za-z-]{20,160})`,
		MinEntropy:    3.5,
		PreviewPrefix: 5,
		TruePositives: []string{
			`SLACK_TOKEN=xoxa-2-339864501904-885213203055-563543294523-de9b0eaf7be3d2325dfcc2c1b4fa7c7d9d5b66efce65149261e7cbbd734d260c`,
			`{"refresh_token":"xoxr-849812426026-YIlNzCC98cyu7scmhChfW7ps8aGU7T97GO1tc3UM"}`,
		},
		FalsePositives: []string{`token=xoxa-2-xxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx`},
	}, {
		ID:            "slack-app-token",
		Description:   "Slack app-level token (Socket Mode)",
		Severity:      High,
		Keywords:      []string{"xapp-"},
		Regex:         `(xapp-[0-9]-[A-Z0-9]{9,12}-[0-9]{10,14}-[a-f0-9]{64})`,
		MinEntropy:    3.0,
		PreviewPrefix: 5,
		TruePositives: []string{
			`SLACK_APP_TOKEN=xapp-1-AR0V94HXDQS-5767263512878-555ff42609dd4c021d24986ccd56ee69ab4bd471d6865bf2a0da6ffc4f07a13f`,
			`{"msg":"socket mode connect","app_token":"xapp-1-AL5Y7QQ4GSG-6507919557584-8017ca07c53955937434ae6f6b1ec45ae44c0f1e8d4ebeb51e8f627e93476b4c"}`,
		},
		FalsePositives: []string{`SLACK_APP_TOKEN=xapp-1-XXXXXXXXXXX-0000000000000-xxxxxxxx`},
	}, {
		ID:            "slack-config-access-token",
		Description:   "Slack app configuration access token",
		Severity:      High,
		Keywords:      []string{"xoxe.xoxp-", "xoxe.xoxb-"},
		Regex:         `(xoxe\.xox[bp]-1-[A-Za-z0-9]{160,170})`,
		MinEntropy:    4.0,
		PreviewPrefix: 10,
		TruePositives: []string{
			`SLACK_CONFIG_TOKEN=xoxe.xoxp-1-YvCnrzFDxH3ZD31qTmS0UdFciGezbHSSmfLNwAnCybUlf7OUSaEDLdPwYKoCA4Zgr4B6sbc9FZeG0tcYu7RLjSHHf2SfE8yfpW7cSUza6qfshHfCTqOFTB7GAFVgxOCOFR6YBHH7O8EXHrwrgaxXhmQRQDCd8bQdyHPvrR`,
			`{"token":"xoxe.xoxb-1-DbaYXnyWrb3PbfHt6ic7bqRrea5uR8ImwGZkVuQweY5oj0Cg1yGZiAhk6jd6r858LY1tKzSfh4XlHbx5F2l7ZmvdFN2tcOGDsDTKyhNiGJHeNEusI1foKlnRt4xyQwvKI0zvBPBD5ZIOq8j5NqZGr5HaEo2dX2B9wLR","exp":1798765432}`,
		},
		FalsePositives: []string{`token=xoxe.xoxp-1-...`},
	}, {
		ID:            "slack-config-refresh-token",
		Description:   "Slack app configuration refresh token",
		Severity:      High,
		Keywords:      []string{"xoxe-"},
		Regex:         `(xoxe-1-[A-Za-z0-9]{140,150})`,
		MinEntropy:    4.0,
		PreviewPrefix: 5,
		TruePositives: []string{
			`SLACK_CONFIG_REFRESH_TOKEN=xoxe-1-Aur9NVVjolIuOUxNpvxUcU4YqvS5kuOw5IAVe0nJkbUN2HG2kthqlcqCbbaaX26YB8Y99WOM6WNNKXjcsklqpl7gp6eO8DDgEyrCNbl9MqOgXbMZUYUeKs7jCVOLTMZvlTIhjawBAugmFV1LB8`,
			`{"refresh_token":"xoxe-1-IWPWNeQeCXzo1Ye6BdbJXRQzP4nr2md6BnylJluRkWhdIiZEg1LS6ZBtkb3wygEkB208fR3HF9t4kLRURWQVnS9IJOAqv18IU8AwTxNHc3WrvAsLLvwrCvKOsL7zg7zUjKIZN4g10k6UhvG2Ov"}`,
		},
		FalsePositives: []string{`refresh_token=xoxe-1-<refresh>`},
	}, {
		ID:            "slack-webhook-url",
		Description:   "Slack incoming webhook or workflow trigger URL",
		Severity:      Medium,
		Keywords:      []string{"hooks.slack.com/services/", "hooks.slack.com/workflows/", "hooks.slack.com/triggers/"},
		Regex:         `(hooks\.slack\.com/(?:services/T[A-Z0-9]{8,12}/B[A-Z0-9]{8,12}/[A-Za-z0-9]{24}|(?:workflows|triggers)/T[A-Z0-9]{8,12}/A[A-Z0-9]{8,12}/[0-9]{10,20}/[A-Za-z0-9]{32}))`,
		MinEntropy:    3.5,
		PreviewPrefix: 16,
		TruePositives: []string{
			`SLACK_WEBHOOK_URL=https://hooks.slack.com/services/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`,
			`{"level":"warn","msg":"notify failed","url":"https://hooks.slack.com/triggers/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"}`,
		},
		FalsePositives: []string{
			`SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX`,
			`see https://hooks.slack.com/services/ for setup`,
		},
	}}
}
