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
				`CLOUDFLARE_API_KEY=9e279d88dd64e9ade596169710f1133fca052`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","cloudflare_token":"7729bdfe05d068ac157d2f15642b65802e5ff"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync cloudflare_secret=46c2b9a413d4056f844862d61408dd7ca1eea attempt=2`,
			},
			FalsePositives: []string{
				`CLOUDFLARE_API_KEY=${CLOUDFLARE_API_KEY}`,
				`cloudflare_token: "0123456789abcdef0123456789abcdef01234"`,
				`xcloudflareish_ref=88213334a903952ae59d2c7f33b8e8a0fc34a`,
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
			Validators:  []Validator{noRuns, mixedCase},
			MinEntropy:  4.2,
			TruePositives: []string{
				`CLOUDFLARE_API_KEY=b9ZI-oQPxrxxH16h_R_AfZyjMMyAwH0yyHvXRGFy`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","cloudflare_token":"l_7CT_M2quNj25RUkW7dKEuF9f92-BcmhG7NQc0Z"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync cloudflare_secret=jxJ2YZMflBG-A7RZ-Dw7w3PbXveFqNzCoYsykNR2 attempt=2`,
			},
			FalsePositives: []string{
				`CLOUDFLARE_API_KEY=${CLOUDFLARE_API_KEY}`,
				`cloudflare_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcd"`,
				`xcloudflareish_ref=aY5HR8EgG86Uy-w9YHwHnb2fgsj3zIRACN_hZxNC`,
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
				`CF_ORIGIN_CA_KEY=v1.0-ed0b76137aa32b9cd805703b-3861ceb0776f362fa306af826f8dff057454bb79c22bb846d18b21ce88e94f4c1caf15ea0db245568edd522ef36dfd00e1d6cba8197e5d25707678b18f3b6bc51ba67edd005870465a`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"v1.0-1b8c146606167155d57b9b78-cdc46b9e917c94ace2091f9af21cac2b0a9e603240ad64a1af6a1a45aea4d987570e07df4bd550de13d5e760099e60a0776fdc1348c21ec078c2c7533796c85acd20633f5a156eeac7"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer v1.0-4adf2cfd9b1b3f42f4aa5c6b-bd6a179e4eccbd5cd57d92696f3cb17ad1ed2986fd28d21388e48dd7d8cb340d314e5419a368a32b1b553bb9d11b55491822cf1d6279c2b28d57f007bf7d42dd26973cef8243f97090`,
			},
			FalsePositives: []string{
				`CF_ORIGIN_CA_KEY=v1.0-xxxxxxxxxxxxxxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`CF_ORIGIN_CA_KEY=v1.0-0123456789abcdef01234567-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef01`,
			},
		},
	}
}
