package queries

// Commerce and payments (Stripe has its own file).
func commerceRules() []*Rule {
	shopify := func(id, prefix, desc string, tps, fps []string) *Rule {
		return &Rule{
			ID: id, Description: desc, Severity: Critical,
			Keywords: []string{prefix}, Regex: `(` + prefix + `[a-fA-F0-9]{32})`,
			MinEntropy: 3.2, PreviewPrefix: len(prefix),
			TruePositives: tps, FalsePositives: fps,
		}
	}
	return []*Rule{
		shopify("shopify-access-token", "shpat_", "Shopify Admin API access token", []string{
			`X-Shopify-Access-Token: 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`,
			`{"shop":"acme.myshopify.com","access_token":"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"}`,
		}, []string{`X-Shopify-Access-Token: shpat_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`}),
		shopify("shopify-shared-secret", "shpss_", "Shopify app shared secret", []string{
			`SHOPIFY_API_SECRET=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`,
			`{"api_secret":"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"}`,
		}, []string{`SHOPIFY_API_SECRET=shpss_<secret>`}),
		shopify("shopify-custom-app-token", "shpca_", "Shopify custom app access token", []string{
			`SHOPIFY_TOKEN=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`,
			`{"headers":{"X-Shopify-Access-Token":"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"}}`,
		}, []string{`SHOPIFY_TOKEN=shpca_${TOKEN}`}),
		shopify("shopify-private-app-token", "shppa_", "Shopify private app access token", []string{
			`SHOPIFY_PASSWORD=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`,
			`GET /admin/api/2026-10/orders.json X-Shopify-Access-Token=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 status=200`,
		}, []string{`SHOPIFY_PASSWORD=shppa_****`}),
		{
			ID: "square-access-token", Description: "Square production access token", Severity: Critical,
			Keywords: []string{"EAAA"}, Regex: `(EAAA[A-Za-z0-9_-]{60})(?:[^A-Za-z0-9_-]|$)`, MinEntropy: 4.0, PreviewPrefix: 4,
			TruePositives: []string{
				`SQUARE_ACCESS_TOKEN=EAAAC3oFsBjNOuUHFUrlSwJ6b4Vb4jnNZlGUBhbf3yGDlPBy1tEd6tyuHAAHbKV4`,
				`{"msg":"square charge","auth":"Bearer EAAAGnl2Vr3LYIB6WMTP8jG72TyrOhzyOHoSR30TG1L_mPXrZg6_usjrFshXLnVN"}`,
			},
			FalsePositives: []string{`SQUARE_ACCESS_TOKEN=EAAAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`, `fb_token=EAAAcpCnOI6CkNDCOtawF3_A-KZ-9yVmrk9mm8m2Oqzi40CKFb9Tz_ejQsejw0bdRBo4Jbj3D7mXmwv5XWDve6WjoGKgmCLpQBjzqRQaYxbnivywl7lt2qBKyOdpXGubZ_F4Occ3SjQDLaCOqoCl5QDvXIYuVuMQ41j1`},
		},
		{
			ID: "square-oauth-secret", Description: "Square OAuth application secret", Severity: Critical,
			Keywords: []string{"sq0csp-"}, Regex: `(sq0csp-[A-Za-z0-9_-]{43})`, MinEntropy: 4.0, PreviewPrefix: 7,
			TruePositives: []string{
				`SQUARE_APP_SECRET=sq0csp-cpHY_a0riuqFqD2nBKqxBQp5RcKae5bJYOG_NyJvv7X`,
				`{"client_secret":"sq0csp-ZV8xYsdu44EG8nGgugDN-JNgOY9h6lFl8-BCV45rr5f"}`,
			},
			FalsePositives: []string{`SQUARE_APP_SECRET=sq0csp-<secret>`},
		},
		{
			ID: "square-legacy-access-token", Description: "Square access token (legacy sq0atp format)", Severity: Critical,
			Keywords: []string{"sq0atp-"}, Regex: `(sq0atp-[A-Za-z0-9_-]{22})`, MinEntropy: 3.5, PreviewPrefix: 7,
			TruePositives: []string{
				`SQUARE_TOKEN=sq0atp-H17cyceG6SfshzHiNgHN3b`,
				`{"square_token":"sq0atp-9RyvZYNT1QkfFEX2qQWR32"}`,
			},
			FalsePositives: []string{`SQUARE_TOKEN=sq0atp-XXXXXXXXXXXXXXXXXXXXXX`},
		},
		{
			ID: "braintree-access-token", Description: "PayPal Braintree production access token", Severity: Critical,
			Keywords: []string{"access_token$production$"}, Regex: `(access_token\$production\$[0-9a-z]{16}\$[0-9a-f]{32})`,
			MinEntropy: 3.5, PreviewPrefix: 24,
			TruePositives: []string{
				`BRAINTREE_ACCESS_TOKEN=access_token$production$rzttj3g1ttlfa8w6$76d67fb144128eb474c885249bbefcac`,
				`{"gateway":{"accessToken":"access_token$production$bi7rqfy7yep762fk$70313ca7d0c7664bc83fc5a880b206e6"}}`,
			},
			FalsePositives: []string{`BRAINTREE_ACCESS_TOKEN=access_token$sandbox$bhwyoncvha9k8ytz$d2ceefe0573d4526fefcac57ea89d5a9`},
		},
		{
			ID: "paypal-client-secret", Description: "PayPal REST client secret next to its name", Severity: Critical,
			Keywords: []string{"paypal"}, IgnoreCase: true,
			Regex:      assigned(`(?i:paypal)[A-Za-z0-9_.-]{0,20}`+cased("secret"), `([A-Za-z0-9_-]{80})(?:[^A-Za-z0-9_-]|$)`),
			Validators: []Validator{mixedCase}, MinEntropy: 4.5,
			TruePositives: []string{
				`PAYPAL_CLIENT_SECRET=EOPGPQCrtUKNOI1i03XY9KvbPSBHPIXZoWAsUDnGffro4Xea3DvBVOLnsOR2ItoVmvuVOb5u5WvPFnTY`,
				`PAYPAL_CLIENT_SECRET ?= 6S7fqtzUUt8C7qrc69waaC4sXYU4gktyDcShAQrMEM9XAq3af5qE-9MrFgbKrOkOsEKrf7nH24pifTyn`,
				`{"paypal":{"mode":"live"},"paypalSecret":"EZGSjkqNWgrcYrip8jY7ylM7-Yza51JIfSmdvrxy2_0IhhIuF7-5TZxfL01MesVcuD10Oaypc71lKcm0"}`,
			},
			FalsePositives: []string{`PAYPAL_CLIENT_SECRET=${PAYPAL_SECRET}`},
		},
	}
}
