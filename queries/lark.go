package queries

// Lark (Feishu) apps: the app id names the app, the app secret authenticates it.
func larkRules() []*Rule {
	return []*Rule{
		{
			ID: "lark-app-id", Description: "Lark app id", Severity: Low,
			Provider: "Lark", Peers: []string{"lark-app-id"},
			Keywords:   []string{"cli_"},
			Regex:      `(cli_[A-Za-z0-9]{16})` + valueEnd,
			Validators: []Validator{twoClasses},
			MinEntropy: 3.0, PreviewPrefix: 4,
			TruePositives: []string{
				`LARK_APP_ID=cli_09k3m6rkhe2yv7c3`,
				`GET /v1/account?key=cli_ilp1ocybmp2cb4ru&page=2 HTTP/1.1 401`,
			},
			FalsePositives: []string{
				`LARK_APP_ID=cli_<your-token>`,
				`LARK_APP_ID=cli_d9yvrcc124al1`,
				`cmd=cli_configuration_loader`,
			},
		},
		{
			ID: "lark-app-secret", Description: "Lark app secret next to its name", Severity: High,
			Provider: "Lark", Peers: []string{"lark-app-secret"},
			Keywords:   []string{"lark", "LARK", "Lark"},
			Regex:      assigned(namedCredential(`(?:lark|LARK|Lark)`), `([A-Za-z0-9]{32})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.5,
			TruePositives: []string{
				`LARK_APP_SECRET=K1rf9dTxUhvx98ATIlRNKD682QIJWVzd`,
				`ts=2026-12-07T09:14:03Z level=debug msg="sync job" larkAppSecret=PVr3cD2x5n8lPULNQax8iP5kL9yfNCVV`,
			},
			FalsePositives: []string{
				`LARK_APP_SECRET=${LARK_APP_SECRET}`,
				`LARK_APP_SECRET=abcdefghijklmnopqrstuvwxyz012345`,
				`clark_secret_name=Ab3dEf7hIj1kLm5nOp9qRs3tUv7wXy1z`,
			},
		},
	}
}
