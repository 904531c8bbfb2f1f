package queries

// Cloudflare: the global API key (37 hex), API tokens (40 base64url) and Origin CA keys.
func cloudflareRules() []*Rule {
	return []*Rule{
		{
			ID:          "cloudflare-global-api-key",
			Description: "Cloudflare global API key next to its name",
			Severity:    Critical,
			Provider:    "Cloudflare",
			Peers:       []string{"cloudflare-global-api-key"},
			Keywords:    []string{"cloudflare", "x-auth-key"},
			IgnoreCase:  true,
			Regex:       assigned(credentialName(`cloudflare|x-auth-`), `([0-9a-f]{37})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.1,
			TruePositives: []string{
				`CLOUDFLARE_API_KEY=070cce896a31d8c505bba1397649f357c0f4f`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","cloudflare_token":"639b81ce014d458dd75a53402a25c27af1087"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync cloudflare_secret=5738793507589c87e0fb63f0c1364b0e592ef attempt=2`,
			},
			FalsePositives: []string{
				`CLOUDFLARE_API_KEY=${CLOUDFLARE_API_KEY}`,
				`cloudflare_token: "0123456789abcdef0123456789abcdef01234"`,
				`xcloudflareish_ref=d7c41c1b8ba8b846682247b733ccfac99e071`,
			},
		},
		{
			ID:          "cloudflare-api-key",
			Description: "Cloudflare API token next to its name",
			Severity:    Critical,
			Provider:    "Cloudflare",
			Peers:       []string{"cloudflare-api-key"},
			Keywords:    []string{"cloudflare", "cf_api_token"},
			IgnoreCase:  true,
			Regex:       assigned(credentialName(`cloudflare|cf_api_`), `([A-Za-z0-9_-]{40})(?:[^A-Za-z0-9\-_]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.0,
			TruePositives: []string{
				`CLOUDFLARE_API_KEY=7MbpO61KOmnE1NaQtQ1gmPXvcxKWE8iC4stWmt6V`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","cloudflare_token":"IB1JRNZcptxKQFJNGOhFgWO3EFwc_a-iYOzDS9Xb"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync cloudflare_secret=q8J67lNWR4HekZ04t5yO7hYUb0pb9cU9jkFiYYp9 attempt=2`,
			},
			FalsePositives: []string{
				`CLOUDFLARE_API_KEY=${CLOUDFLARE_API_KEY}`,
				`cloudflare_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcd"`,
				`xcloudflareish_ref=tBLPCnFteOrZP9fkzce-woUwl3A-AAn9Ktlc_I8H`,
			},
		},
		{
			ID:            "cloudflare-origin-ca-key",
			Description:   "Cloudflare Origin CA key",
			Severity:      Critical,
			Provider:      "Cloudflare",
			Peers:         []string{"cloudflare-origin-ca-key"},
			Keywords:      []string{"v1.0-"},
			Regex:         `(v1\.0-[0-9a-f]{24}-[0-9a-f]{146})(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    3.8,
			PreviewPrefix: 5,
			TruePositives: []string{
				`CF_ORIGIN_CA_KEY=v1.0-1992b529461eb5f596dafb20-436f281b020fadcca74e19ce584580375d897c70a6787110f265652a80d74d96dba46812dc3ef62d1e5d7df493574b01a1bb4a3d559b50f56014f3c2f0f298c4f9767dfe1e447ef2b6`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"v1.0-23de104356793f78c186e292-6a7a7b261e537ed462e50eaa11d6437740a86408757da655e6f241513546a06de0df7df6defa22639476ace9cf1f3c99f71c6a94e07ed4d6d499d74b3934af1842884c05d386b7bcdf"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer v1.0-579e58cbad70f7418a8ed569-6c1ae207ba4f9289274ae6a0b08af3ecfb4a4e2a7c1e3357ae41a50b3b051a7329bf8b4862516275b882d7a850f3b92b77fb746fed2afdd6ffed64b65479e1aa60a85b21172a01d49a`,
			},
			FalsePositives: []string{
				`CF_ORIGIN_CA_KEY=v1.0-xxxxxxxxxxxxxxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`CF_ORIGIN_CA_KEY=v1.0-0123456789abcdef01234567-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef01`,
			},
		},
	}
}
