package queries

// Monitoring, error tracking and API tooling.
func observabilityRules() []*Rule {
	return []*Rule{{
		ID: "sentry-org-token", Description: "Sentry organization auth token", Severity: High,
		// sntrys_, the base64 of a JSON document (iat, url, region_url, org), '_' and a 43-character
		// secret: the JSON must decode and the tail be exactly 43 long.
		Keywords: []string{"sntrys_"}, Regex: `(sntrys_eyJ[A-Za-z0-9+/]{30,600}={0,2}_[A-Za-z0-9+/]{43})`, MinEntropy: 4.0, PreviewPrefix: 7,
		Validators: []Validator{sentryOrgToken},
		TruePositives: []string{
			`SENTRY_AUTH_TOKEN=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`,
			`{"msg":"sourcemaps upload","token":"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"}`,
		},
		FalsePositives: []string{
			`SENTRY_AUTH_TOKEN=sntrys_eyJ...`,
			// a tail of 44: longer than the format
			`SENTRY_AUTH_TOKEN=sntrys_eyJpYXQiOjE3OTg3NjU0MzIuMSwidXJsIjoiaHR0cHM6Ly9zZW50cnkuaW8iLCJyZWdpb25fdXJsIjoiaHR0cHM6Ly91cy5zZW50cnkuaW8iLCJvcmciOiJhY21lIn0=_FsBXjJwhVcIaac7pUcnpAsxOV/lOqjShB0Ao8C61wmZq`,
			// a payload that is not base64 of JSON
			`token=sntrys_eyJub3RqdXN0Ym9ndXNkYXRhcGF5bG9hZGhlcmVub3Rqc29uYXRhbGxyZWFsbHk_Q7wXk2Lp9Rv4Tz8Nm3Hb6Yc1Jd5Fg0Ws7Ea2Ku9Pq4Xr8Zt`,
		},
	}, {
		ID: "sentry-user-token", Description: "Sentry user auth token", Severity: High,
		Keywords: []string{"sntryu_"}, Regex: `(sntryu_[a-f0-9]{64})`, MinEntropy: 3.2, PreviewPrefix: 7,
		TruePositives: []string{
			`SENTRY_AUTH_TOKEN=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`,
			`Authorization: Bearer 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`,
		},
		FalsePositives: []string{`SENTRY_AUTH_TOKEN=sntryu_<token>`},
	}, {
		ID: "postman-api-key", Description: "Postman API key", Severity: High,
		Keywords: []string{"PMAK-"}, Regex: `(PMAK-[a-f0-9]{24}-[a-f0-9]{34})`, MinEntropy: 3.2, PreviewPrefix: 5,
		TruePositives: []string{
			`X-Api-Key: PMAK-0bb31815d279338a721f8114-6472986ba394b0c30b2fa7b5dfa1dfca01`,
			`POSTMAN_API_KEY=PMAK-8cebab9254ad74857ebf21bf-ef080b3e1232ec5190302f827622cfbfdd`,
		},
		FalsePositives: []string{`POSTMAN_API_KEY=PMAK-xxxxxxxxxxxxxxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`},
	}, {
		ID: "newrelic-user-api-key", Description: "New Relic user API key", Severity: High,
		Keywords: []string{"NRAK-"}, Regex: `(NRAK-[A-Za-z0-9]{27})`, MinEntropy: 3.5, PreviewPrefix: 5,
		TruePositives: []string{
			`NEW_RELIC_API_KEY=NRAK-VCZS31GZM9X943DDN002MWDM2SI`,
			`{"headers":{"API-Key":"NRAK-KIBT8YINZCPJMS1QA57EGFAA52N"}}`,
		},
		FalsePositives: []string{`NEW_RELIC_API_KEY=NRAK-XXXXXXXXXXXXXXXXXXXXXXXXXXX`},
	}, {
		ID: "newrelic-insights-key", Description: "New Relic Insights insert or query key", Severity: High,
		Keywords: []string{"NRII-", "NRIQ-"}, Regex: `(NRI[IQ]-[A-Za-z0-9_-]{32})`, MinEntropy: 3.5, PreviewPrefix: 5,
		TruePositives: []string{
			`X-Insert-Key: NRII-I0KrUmakeo_YZ39npxv0KoBtHgJmSsXL`,
			`{"insights_query_key":"NRIQ-LRTMY7Le0uUfiOVJ3lH9UV3QvH0_7ugL"}`,
		},
		FalsePositives: []string{`X-Insert-Key: NRII-<key>`},
	}, {
		ID: "newrelic-license-key", Description: "New Relic ingest license key", Severity: Medium,
		Keywords: []string{"NRAL"}, Regex: `([a-f0-9]{36}NRAL)`, MinEntropy: 3.2,
		TruePositives: []string{
			`NEW_RELIC_LICENSE_KEY=f5c79127d58dda2c6f45bd7d07fa21400c02NRAL`,
			`{"license_key":"b4376348228369bc32c2b7d7bbb6f0ff9f51NRAL","app_name":"checkout"}`,
		},
		FalsePositives: []string{`NEW_RELIC_LICENSE_KEY=000000000000000000000000000000000000NRAL`},
	}, {
		ID: "datadog-api-key", Description: "Datadog API key next to its name", Severity: High,
		Keywords: []string{"dd_api_key", "dd-api-key", "datadog"}, IgnoreCase: true,
		Regex:      assigned(credentialName(`datadog|dd[_-]api[_-]`), `([a-z0-9]{32})(?:[^A-Za-z0-9]|$)`),
		Validators: []Validator{noRuns, digitAndLetter}, MinEntropy: 3.2,
		TruePositives: []string{
			`DD_API_KEY=c5d06180ee012d91229415ce69d461f4`,
			`agent --dd-api-key a1cfb788a5dbc5a2570f4e7a51a595b6 --site datadoghq.eu`,
			`POST /api/v2/logs HTTP/1.1 DD-API-KEY: fca97e6f32c4a91ed9967211179b0344`,
			`datadog_api_key: "x7k2m9q4w8p1z6r3t5y0u2i7o4l9a1s6"`,
		},
		FalsePositives: []string{`DD_API_KEY=<DATADOG_API_KEY>`, `DD_API_KEY=${DD_API_KEY}`, `datadog_site=datadoghq.eu datadog_key_id=0123456789abcdef0123456789abcdef`},
	}, {
		ID: "datadog-app-key", Description: "Datadog application key next to its name", Severity: High,
		Keywords: []string{"dd_app_key", "dd-application-key", "dd_application_key", "datadog"}, IgnoreCase: true,
		Regex:      assigned(credentialName(`datadog|dd[_-]app(?:lication)?[_-]`), `([a-z0-9]{40})(?:[^A-Za-z0-9]|$)`),
		Validators: []Validator{noRuns, digitAndLetter}, MinEntropy: 3.2,
		TruePositives: []string{
			`DD_APP_KEY=1b58ce1fa8ab24f719eecd161f99d8d18b367095`,
			`<dd_app_key>0b816d295df17a3e48a3d8719ef9ece9dc04c89b</dd_app_key>`,
			`{"headers":{"DD-APPLICATION-KEY":"13c0e366d0a57731b4e35c8408afb835ca61f40e"}}`,
			`datadog_app_key: "k3m9x2q7w4p8z1r6t5y0u3i8o2l7a4s9d6f1g5h0"`,
		},
		FalsePositives: []string{`DD_APP_KEY=****`},
	}, {
		ID: "grafana-service-account-token", Description: "Grafana service account token (checksummed)", Severity: High,
		Keywords: []string{"glsa_"}, Regex: `(glsa_[A-Za-z0-9]{32}_[a-f0-9]{8})`,
		Validators: []Validator{grafanaServiceAccount}, PreviewPrefix: 5,
		TruePositives: []string{
			`GRAFANA_TOKEN=glsa_oyxPZrnpnCdsERxUeH21F34rWNT3Oqgi_d923c27f`,
			`{"msg":"provisioning","auth":"Bearer glsa_AkZoVaMuXu69hvyvrq6wPVtE9wGyWCU8_0633b285"}`,
		},
		FalsePositives: []string{`GRAFANA_TOKEN=glsa_6ZKVIPgOJ35pL8tW6zYrkATbysVcMdfc_0badf00d`, `GRAFANA_TOKEN=glsa_xxx`},
	}, {
		ID: "grafana-cloud-token", Description: "Grafana Cloud access policy token", Severity: High,
		Keywords: []string{"glc_"}, Regex: `(glc_[A-Za-z0-9+/]{32,400}={0,2})`,
		Validators: []Validator{base64JSON("glc_")}, MinEntropy: 4.0, PreviewPrefix: 4,
		TruePositives: []string{
			`GRAFANA_CLOUD_TOKEN=glc_eyJvIjoiMTA0ODU3NiIsIm4iOiJhbGxveS13cml0ZS1sb2dzIiwiayI6IlFtN1pyMlh0OVd2NEtwOExuM0hkNkp5MSIsIm0iOnsiciI6InByb2QtZXUtd2VzdC0yIn19`,
			`{"loki":{"basic_auth":{"username":"712345","password":"glc_eyJvIjoiMjA5NzE1MiIsIm4iOiJjaS1tZXRyaWNzIiwiayI6IlZ0OFF3M1lzNlpyMU14NU5jOUJmMkxrNyIsIm0iOnsiciI6InByb2QtdXMtZWFzdC0wIn19"}}}`,
		},
		FalsePositives: []string{`GRAFANA_CLOUD_TOKEN=glc_OYtRZl8yxtLI8N8mmDslcW7IQ7OzYA724goF3QE8eHnNGrj5CvEmPuQ1ZLZR`, `GRAFANA_CLOUD_TOKEN=glc_...`},
	}, {
		ID: "grafana-api-key-legacy", Description: "Grafana API key (legacy, base64 JSON)", Severity: High,
		Keywords: []string{"eyJrIjoi"}, Regex: `(eyJrIjoi[A-Za-z0-9+/]{50,150}={0,2})`,
		Validators: []Validator{base64JSON("")}, MinEntropy: 4.0, PreviewPrefix: 8,
		TruePositives: []string{
			`Authorization: Bearer eyJrIjoiVHo0V3E4UnkyVXA2SWEwU2QzRmc3SGoxIiwibiI6ImNpLWRhc2hib2FyZHMiLCJpZCI6MX0=`,
			`GRAFANA_API_KEY=eyJrIjoiTG01TmI5VmMzWHo3QXMxRGY2R2gwSms0IiwibiI6ImJhY2t1cCIsImlkIjozfQ==`,
		},
		FalsePositives: []string{`GRAFANA_API_KEY=eyJrIjoi...`},
	}}
}
