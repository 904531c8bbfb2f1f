package queries

func maxMindRules() []*Rule {
	return []*Rule{
		{
			ID: "maxmind-license-key", Description: "MaxMind GeoIP license key", Severity: High,
			Provider: "MaxMind", Peers: []string{"maxmind-license-key"},
			Keywords:   []string{"_mmk"},
			Regex:      `([A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk)` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.5,
			TruePositives: []string{
				`MAXMIND_LICENSE_KEY=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`,
				`GET /v1/account?key=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&page=2 HTTP/1.1 401`,
			},
			FalsePositives: []string{
				`MAXMIND_LICENSE_KEY=_mmk<your-token>`,
				`MAXMIND_LICENSE_KEY=6Bt_30GzdIWcQiZna5GAuJfPCyhsNK_mmk`,
				`GEOIP_LICENSE=abc_mmk`,
			},
		},
	}
}
