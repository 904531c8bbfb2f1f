package queries

// GitHub's prefixed tokens end in a CRC32 of the characters before it (see crc32Base62Tail);
// GitHub says lengths may grow, so the checksum is checked whatever the length.
func githubRules() []*Rule {
	tok := func(id, prefix, desc string, tps, fps []string) *Rule {
		return &Rule{
			ID:             id,
			Description:    desc,
			Severity:       Critical,
			Keywords:       []string{prefix},
			Regex:          `(` + prefix + `[0-9A-Za-z]{36,251})`,
			Validators:     []Validator{crc32Base62Tail(len(prefix))},
			PreviewPrefix:  len(prefix),
			TruePositives:  tps,
			FalsePositives: fps,
		}
	}
	return []*Rule{
		tok("github-pat", "ghp_", "GitHub personal access token (classic)", []string{
			`Authorization: token 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`,
			`10.0.3.7 - - [02/Nov/2026:10:11:12 +0000] "GET /api/repos?access_token=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&page=2 HTTP/1.1" 200 512`,
			`{"log":"git clone https://x-access-token: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@github.com/acme/api.git\n"}`,
			`{"msg":"config","env":"GH_TOKEN=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\nCI=true"}`,
		}, []string{
			`token=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
			`token=ghp_R6X2Gm5Vp0S7d3Lq9Kf1Zb8Ny4Tw6Jh2Ae0c`, // right shape, wrong checksum
			`sha=a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`,
		}),
		tok("github-oauth-token", "gho_", "GitHub OAuth access token", []string{
			`level=info msg="oauth exchange ok" access_token=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 scope=repo`,
			`{\"access_token\":\"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\",\"token_type\":\"bearer\"}`,
		}, []string{`access_token=gho_${GITHUB_OAUTH_TOKEN}`, `access_token=gho_Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo`}),
		tok("github-user-to-server-token", "ghu_", "GitHub App user-to-server token", []string{
			`Authorization: Bearer ghu_XhpvvdVKehZmstDfDZA9GxzBM9tSyJ44Lnkq`,
			`ts=2026-11-02T09:00:01Z msg="refreshed" token=ghu_5UXvhE2n5fLnyFcL3VKm38dr6gwYDL4egRZl, expires_in=28800`,
		}, []string{`token=ghu_<token>`, `token=ghu_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789`}),
		tok("github-installation-token", "ghs_", "GitHub App installation (server-to-server) token", []string{
			`GET https://x-access-token:ghs_AMKBuVZ3hQxHMPF3kwuH1PdqNmzueN2ZJNI4@github.com/acme/infra.git/info/refs`,
			`{"level":"debug","headers":{"Authorization":"token ghs_tdvDXuRxp5eKxEMvguGKkN155jquKi3cxNhi"}}`,
		}, []string{`GITHUB_TOKEN=ghs_***`, `sig=ghs_nzbyhiIQiMmhDlcVMtzZf22Sks6oWXCPYxca`}),
		tok("github-refresh-token", "ghr_", "GitHub App refresh token", []string{
			`refresh_token=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&grant_type=refresh_token&client_id=Iv1.8a61f9b3a7aba766`,
			`{"refresh_token":"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","refresh_token_expires_in":15811200}`,
		}, []string{`refresh_token=ghr_REDACTED`, `refresh_token=ghr_XcrXS935h31FEmzASXdPwEmyVRZKJhScjFos3Uex1B0tAfoJOhua9Oi1nch3zMOTep0On0jRT2RU`}),
		{
			ID:            "github-fine-grained-pat",
			Description:   "GitHub fine-grained personal access token",
			Severity:      Critical,
			Keywords:      []string{"github_pat_"},
			Regex:         `(github_pat_[0-9A-Za-z]{22,60}_[0-9A-Za-z]{59,200})`,
			Validators:    []Validator{mixedCase},
			MinEntropy:    4.0,
			PreviewPrefix: 11,
			TruePositives: []string{
				`GITHUB_TOKEN=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`,
				`{"level":"error","msg":"push rejected","remote":"https://oauth2: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@github.com/acme/web.git"}`,
			},
			FalsePositives: []string{
				`GITHUB_TOKEN=github_pat_XXXXXXXXXXXXXXXXXXXXXX_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX`,
				`see docs for github_pat_<id>_<secret> tokens`,
			},
		},
		{
			ID:          "github-oauth-client-secret",
			Description: "GitHub OAuth App client secret next to its name",
			Severity:    High,
			Keywords:    []string{"github_client_secret", "github_oauth_secret", "github_app_secret"},
			IgnoreCase:  true,
			Regex:       assigned(`(?:`+cased("github_client_secret")+`|`+cased("github_oauth_secret")+`|`+cased("github_app_secret")+`)`, `([0-9a-f]{40})(?:[^0-9A-Za-z]|$)`),
			Validators:  []Validator{digitAndLetter},
			MinEntropy:  3.2,
			TruePositives: []string{
				`GITHUB_CLIENT_SECRET=1bd5add9ff4f5392db5c7ce548dea174eff65391`,
				`config.github_client_secret => '37ef948007657cdb818225e74dc8d5d4f93b0e9b'`,
				`{"github_oauth_secret":"b5354f5b6d94266ab450bbe5247485bfe14a4395","callback":"https://ci.acme.io/oauth"}`,
			},
			FalsePositives: []string{
				`GITHUB_CLIENT_SECRET=<from vault>`,
				`github_client_secret: ${GITHUB_CLIENT_SECRET}`,
			},
		},
	}
}
