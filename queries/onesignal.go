package queries

func oneSignalRules() []*Rule {
	return []*Rule{
		{
			ID: "onesignal-rich-authentication-token", Description: "OneSignal app or organization API key (v2)", Severity: High,
			Provider: "OneSignal", Peers: []string{"onesignal-rich-authentication-token"},
			Keywords:   []string{"os_v2_app_", "os_v2_org_"},
			Regex:      `(os_v2_(?:app|org)_[a-z2-7]{103})` + valueEnd,
			MinEntropy: 4.0, PreviewPrefix: 10,
			TruePositives: []string{
				`ONESIGNAL_REST_API_KEY=os_v2_app_77fq7qpr4izxjggjefsq3wezyxy5xalyanc3kqwwkkytocnv6b6z7uxancenv6kxuwxg6fl33qwfnr2dvtvyfl22cd467empleumvot`,
				`GET /v1/account?key=os_v2_app_gtghceu5buqiesznknqlpqb2av67suj4iov73z5qhnulacrbhrdntlfoxa2twkmo3pcjq4z66grsqncapuknkga4s34ti7a2z4jhnkz&page=2 HTTP/1.1 401`,
			},
			FalsePositives: []string{
				`ONESIGNAL_REST_API_KEY=os_v2_app_<your-token>`,
				`ONESIGNAL_REST_API_KEY=os_v2_app_h4ueml5djjlgvtvrwdcaiuudik5ccniswwn46r7s2x4xyc6der3mrcy3uca6ndk5egzjgujczrv3gnxchvyrmljbjrkohqa6ummk`,
			},
		},
	}
}
