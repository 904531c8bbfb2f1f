package queries

// PlanetScale database passwords (pscale_pw_), service tokens (pscale_tkn_) and OAuth tokens.
func planetScaleRules() []*Rule {
	return []*Rule{
		{
			ID: "planetscale-password", Description: "PlanetScale database password", Severity: Critical,
			Provider: "PlanetScale", Peers: []string{"planetscale-password"},
			Keywords:   []string{"pscale_pw_"},
			Regex:      `(pscale_pw_[A-Za-z0-9_=.-]{32,64})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0, PreviewPrefix: 10,
			TruePositives: []string{
				`DATABASE_PASSWORD=pscale_pw_CNVrWo3YV54oWmBaf5iAneUTs7Ob-OCRJQobF4gviE4`,
				`Authorization: Bearer pscale_pw_Dijt-8pmrFaTAGfZkLIYPZ_xoSzEf-bL78p5KvOswvq`,
			},
			FalsePositives: []string{
				`DATABASE_PASSWORD=pscale_pw_<your-token>`,
				`DATABASE_PASSWORD=pscale_pw_9suif39W5jBDAyqa6JPcuubPDMGu8t8`,
			},
		},
		{
			ID: "planetscale-api-token", Description: "PlanetScale service token", Severity: Critical,
			Provider: "PlanetScale", Peers: []string{"planetscale-api-token"},
			Keywords:   []string{"pscale_tkn_"},
			Regex:      `(pscale_tkn_[A-Za-z0-9_=.-]{32,64})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0, PreviewPrefix: 11,
			TruePositives: []string{
				`PLANETSCALE_SERVICE_TOKEN=pscale_tkn_sS89m7gNyvuX2Hby0jR7auDk6AfxIJsZIqPfcgnqy54`,
				`ts=2026-12-07T09:14:03Z level=warn msg="deploy step" api_key=pscale_tkn_diHAtYO3bX3Oz9YPnVnFgsguJfbv9yCu440SuIjPZG7`,
			},
			FalsePositives: []string{
				`PLANETSCALE_SERVICE_TOKEN=pscale_tkn_<your-token>`,
				`PLANETSCALE_SERVICE_TOKEN=pscale_tkn_6zXPvazT8lYPNc9l1p_wBie54zQ_Y9y`,
			},
		},
		{
			ID: "planetscale-oauth-token", Description: "PlanetScale OAuth token", Severity: Critical,
			Provider: "PlanetScale", Peers: []string{"planetscale-oauth-token"},
			Keywords:   []string{"pscale_oauth_"},
			Regex:      `(pscale_oauth_[A-Za-z0-9_=.-]{32,64})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0, PreviewPrefix: 13,
			TruePositives: []string{
				`PLANETSCALE_OAUTH_TOKEN=pscale_oauth_nv8K38XzNRo6sQtFZKCYbQNH5Q0okwgf1OmuJntDRhi`,
				`{"level":"error","msg":"client init","token":"pscale_oauth_kFwzKKXu87W9YHt99ygVTSjaRd1Qw2hPvQo9izeEu9s"}`,
			},
			FalsePositives: []string{
				`PLANETSCALE_OAUTH_TOKEN=pscale_oauth_<your-token>`,
				`PLANETSCALE_OAUTH_TOKEN=pscale_oauth_-CX9bKRmRaR_iLZrMeqg3WBE1lZnm4P`,
			},
		},
		{
			ID: "planetscale-id", Description: "PlanetScale database username next to its name (half of a credential)", Severity: Low,
			Provider: "PlanetScale", Peers: []string{"planetscale-id"},
			Keywords:   []string{"pscale", "PSCALE", "Pscale", "planetscale", "PLANETSCALE", "Planetscale", "PlanetScale"},
			Regex:      assigned(named(`(?:pscale|PSCALE|Pscale|planetscale|PLANETSCALE|Planetscale|PlanetScale)(?i:[A-Za-z0-9_.-]{0,16}(?:user|id|name))`), `([a-z0-9]{12})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.0,
			TruePositives: []string{
				`PSCALE_USER=k3v9x2m1q8w5`,
				`{"msg":"db connect","planetscale_username":"7hq2zr0dn4xt","host":"aws.connect.psdb.cloud"}`,
			},
			FalsePositives: []string{
				`PLANETSCALE_DB_NAME=productiondb`,
				`PSCALE_USER=${PSCALE_USER}`,
			},
		},
	}
}
