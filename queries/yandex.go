package queries

// Yandex Cloud credentials: API keys (AQVN…), static access keys (YC…) and IAM tokens (t1.…).
func yandexRules() []*Rule {
	return []*Rule{
		{
			ID: "yandex-api-key", Description: "Yandex Cloud API key", Severity: Critical,
			Provider: "Yandex Cloud", Peers: []string{"yandex-api-key"},
			Keywords:   []string{"AQVN"},
			Regex:      `(AQVN[A-Za-z0-9_-]{35,38})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.5, PreviewPrefix: 4,
			TruePositives: []string{
				`YC_API_KEY=AQVNlxHotpIKPElKzViX_8h2wS81ajyZdna7OnBF`,
				`ts=2026-12-07T09:14:03Z level=warn msg="sync job" api_key=AQVNzOw2F5aDgV-Uht1NcXE7F1AsSOUxqjzaPz5e`,
			},
			FalsePositives: []string{
				`YC_API_KEY=AQVN<your-token>`,
				`YC_API_KEY=AQVNc0ymdHaa7qfkvqeGOaNwBhHicXLgWqwmJ_`,
			},
		},
		{
			ID: "yandex-aws-access-token", Description: "Yandex Cloud static access key secret next to its name", Severity: Critical,
			Provider: "Yandex Cloud", Peers: []string{"yandex-aws-access-token"},
			Keywords:   []string{"yandex", "YANDEX", "Yandex"},
			Regex:      assigned(namedCredential(`(?:yandex|YANDEX|Yandex)`), `(YC[A-Za-z0-9_-]{38})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.5,
			TruePositives: []string{
				`YANDEX_STATIC_KEY_SECRET=YCHRmslbBSrX18mWKqLIgn9mGAhdg7R0k5XyfhgR`,
				`{"level":"info","msg":"deploy step","yandex_secret_key":"YCC2tk2VWeFR8hrtH1SMFSyzE9ZCfYskE7hXG-Ap"}`,
			},
			FalsePositives: []string{
				`YANDEX_STATIC_KEY_SECRET=${YANDEX_STATIC_KEY_SECRET}`,
				`YANDEX_STATIC_KEY_SECRET=YCabcdefghijklmnopqrstuvwxyz0123456789ab`,
			},
		},
		{
			ID: "yandex-access-token", Description: "Yandex Cloud IAM token next to its name", Severity: High,
			Provider: "Yandex Cloud", Peers: []string{"yandex-access-token"},
			Keywords:   []string{"yandex", "YANDEX", "Yandex"},
			Regex:      assigned(namedCredential(`(?:yandex|YANDEX|Yandex)`), `(t1\.[A-Za-z0-9_-]+={0,2}\.[A-Za-z0-9_-]{86}={0,2})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0,
			TruePositives: []string{
				`YANDEX_IAM_TOKEN=t1.9_awBoHnjmNV8cRFyZhxe-MqWsXpjGRnQd1Jn0NtdBWRbb83YoxiTA_qL9sy.n3YKLW60ELHErFpV9G91afAxAlfycQwvUs0AcjqvDRs-2S7IpYY2pH9_5eTuFSH5RCij0HMmOVP1Ft6MvVS4ak`,
				`{"level":"info","msg":"request failed","yandexIamToken":"t1.KGVzzfJhz0CEsiD3zODB2kVb_CvMDumBe8xqqztFffAhDu0To3ZuYd255iR3.kQgDWA7UyuQ0bWwedsSX9oI1uRtCQjd1zxkaY68Xj_cHlHurMnUxi9W3YdyKIHoHvtmS1GVtpFX2BqYaUCcaqS"}`,
			},
			FalsePositives: []string{
				`YANDEX_IAM_TOKEN=${YANDEX_IAM_TOKEN}`,
				`YANDEX_IAM_TOKEN=t1.0_abcdefghijklmnopqrs-abcdefghijklmnopqrstuvwxyz012345_abcde.abcdefghijklmnopqrstuvwxyz0123456789abcdefg-abcdefghijk_abcdefghijklmnopqrstuvwxyz0123`,
			},
		},
	}
}
