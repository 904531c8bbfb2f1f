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
				`CLOUDFLARE_API_KEY=d675617a12aeeb72beb0f9bff211444b5513b`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","cloudflare_token":"84354991d6ef8431950f28904c2b2fa7c85f7"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync cloudflare_secret=519361ee98b19d6d46e0f580711ea4d68583a attempt=2`,
			},
			FalsePositives: []string{
				`CLOUDFLARE_API_KEY=${CLOUDFLARE_API_KEY}`,
				`cloudflare_token: "0123456789abcdef0123456789abcdef01234"`,
				`xcloudflareish_ref=de7b6ac6f4247186dcb5333d774f12e514a7d`,
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
				`CLOUDFLARE_API_KEY=JFWcfsYcAq7Pj7ZoDNtm5tIC6g_4ZqdjvZGiOhJ1`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","cloudflare_token":"ZDMPlPXUBeBbf5rGhHoMmPJpYvbmigBemTieY9DL"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync cloudflare_secret=cyCWGTkYgenxDAc-Jerul5R_FTfQFPRD5Y34WNT_ attempt=2`,
			},
			FalsePositives: []string{
				`CLOUDFLARE_API_KEY=${CLOUDFLARE_API_KEY}`,
				`cloudflare_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcd"`,
				`xcloudflareish_ref=pQgyBHRs_AdiDB3vb2KHBkg2c-FUhnx6NF2RDT_z`,
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
				`CF_ORIGIN_CA_KEY=v1.0-38fa8d2ef9999df62d80f6ad-b5ef039e368624c9df16f26f436625e5ca300f57b39fba13fd4f87c95b56ec4fef0381842a945d414ea657a0bbe729595c86944455dd313db06044c7bf8549354b22a0b6bb923895d1`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"v1.0-6a8ed0ec1e17f80a838b5278-379a128778399948035a8de749c2f859e06e356151466aa676b2f4ec065c2a4764b0bdee2133eb08015ff345d23302133e4cc32f54e67976665261b5a03b88eb86ed5614436468a0d7"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer v1.0-03ab8b994993328dbc4f8ab0-eca5594080b3b3c030db0c096d51bbd4cd9c58ecd10a917f0949b0a79060d0c24d2bc569146dde47c8b186816b2b8f9fb0b6ce26afd2bc4c16879993b2100a828edcba09971624cbf3`,
			},
			FalsePositives: []string{
				`CF_ORIGIN_CA_KEY=v1.0-xxxxxxxxxxxxxxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`CF_ORIGIN_CA_KEY=v1.0-0123456789abcdef01234567-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef01`,
			},
		},
	}
}
