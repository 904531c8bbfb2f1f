package queries

func valTownRules() []*Rule {
	return []*Rule{
		{
			ID: "val-town-api-token", Description: "Val Town API token", Severity: High,
			Provider: "Val Town", Peers: []string{"val-town-api-token.1"},
			Keywords:   []string{"vtwn_"},
			Regex:      `(vtwn_[A-Za-z0-9_-]{20,80})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.5, PreviewPrefix: 5,
			TruePositives: []string{
				`VALTOWN_TOKEN=vtwn_wjYlsGFyUeuVsXljp3GNZ42y2myjH0G6`,
				`ts=2026-12-07T09:14:03Z level=warn msg="webhook delivery" api_key=vtwn_w2oXj2RebxTP6vBWOJTcre4lpQ1upmIT`,
			},
			FalsePositives: []string{
				`VALTOWN_TOKEN=vtwn_<your-token>`,
				`VALTOWN_TOKEN=vtwn_Kc7jUbg98mUAsMaacaO`,
			},
		},
	}
}
