package queries

// Microsoft Teams incoming webhooks (Office 365 connectors): whoever has the URL can post to
// the channel. The path holds the group and tenant ids, the connector's 32-character id and
// the owner's id, and on newer URLs a /V2… signature.
func teamsRules() []*Rule {
	return []*Rule{
		{
			ID: "microsoft-teams-webhook", Description: "Microsoft Teams incoming webhook URL", Severity: Medium,
			Provider: "Microsoft Teams", Peers: []string{"microsoft-teams-webhook"},
			Keywords: []string{"webhook.office.com/webhookb2/"},
			Regex: `(webhook\.office\.com/webhookb2/` +
				`[a-z0-9]{8}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{12}@[a-z0-9]{8}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{12}` +
				`/IncomingWebhook/[a-z0-9]{32}/[a-z0-9]{8}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{12}(?:/V2[A-Za-z0-9_-]{20,80})?)` + valueEnd,
			MinEntropy: 3.5, PreviewPrefix: 29,
			TruePositives: []string{
				`TEAMS_WEBHOOK_URL=https://acme.webhook.office.com/webhookb2/d40cca85-f0f5-4f30-445a-3577e18a0a5a@bcca95bf-8e2f-8559-f823-cdef7f73edd7/IncomingWebhook/7b6c29163d00d68df6db75d0c3f7eb93/40051e46-7ab4-a36e-e098-7b3544242b30`,
				`{"level":"warn","msg":"notify failed","url":"https://acme.webhook.office.com/webhookb2/e58d656e-c4f3-378c-19cd-5840f1aec544@ad77bf39-7689-15e2-ed4a-22437740af0d/IncomingWebhook/c481ee214e69886dd9078d3fe0a0887b/ee1afbfa-4528-9e00-82c3-58452358902f/V29neEC7C6JYMiznF6ytTBURaHyx49wQOmCb5k5pbS2Sd","status":400}`,
			},
			FalsePositives: []string{
				`see https://acme.webhook.office.com/webhookb2/ for the connector`,
				`TEAMS_WEBHOOK_URL=https://acme.webhook.office.com/webhookb2/<group>@<tenant>/IncomingWebhook/<id>/<owner>`,
			},
		},
	}
}
