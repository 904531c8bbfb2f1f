package queries

// RefusalKind says why leakwatch deliberately does not report what a peer rule reports.
type RefusalKind string

const (
	// RefusedChecksum: the format carries a checksum and the value fails it (a truncated,
	// retyped or made-up token).
	RefusedChecksum RefusalKind = "checksum"
	// RefusedStructure: the format has a documented structure (segments, an encoded JSON
	// document, a key inside) that the value does not have.
	RefusedStructure RefusalKind = "structure"
	// RefusedPlaceholder: a sequence, a run of one character, a template or a vendor's
	// documented example, refused for every rule.
	RefusedPlaceholder RefusalKind = "sequence or placeholder"
	// RefusedNotAFormat: the vendor documents no format for the value, and the shape the
	// peer matches is another provider's or no credential's.
	RefusedNotAFormat RefusalKind = "not a format"
	// RefusedFileName: the peer matches a file's name in a repository, not its content; a
	// log line naming a file leaks nothing.
	RefusedFileName RefusalKind = "file name, not content"
	// RefusedCompanion: an id, a host or a name the peer reports only together with the
	// secret it belongs to; alone it is no credential.
	RefusedCompanion RefusalKind = "companion the peer never reports alone"
)

// Refusal is a family of peer findings leakwatch does not report, and why. Each carries log
// lines of its kind that the built-in catalogue must not report and, where a validator is the
// reason, the same values made valid, which it must report: the table test holds both, and
// docs/rules.md lists the table.
type Refusal struct {
	// Peers are the gitleaks and betterleaks rule ids whose samples this explains.
	Peers []string
	Kind  RefusalKind
	// Rules are the leakwatch rules that look at such values (none for a companion or a
	// file name); a Reported line is reported by one of them.
	Rules []string
	// Why is one sentence for the rules doc.
	Why      string
	Refused  []string
	Reported []string
}

// Refusals is the table of peer rule families leakwatch deliberately does not report.
func Refusals() []Refusal {
	return []Refusal{
		{
			Peers: []string{"github-pat"}, Kind: RefusedChecksum, Rules: []string{"github-pat"},
			Why:      "A classic token ends in the CRC32 of its random part in base62 (6 characters); the peers' samples are random characters that fail it.",
			Refused:  []string{`Authorization: token ghp_ODeqhjcSiBShLmXdBEsxBe9WCzNeUs0nsv6B`},
			Reported: []string{`Authorization: token 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`},
		},
		{
			Peers: []string{"github-oauth"}, Kind: RefusedChecksum, Rules: []string{"github-oauth-token"},
			Why:      "gho_ tokens carry the same CRC32 tail as classic tokens; the samples fail it.",
			Refused:  []string{`access_token=gho_mq918yO28kHzI6uncGXMdbkGZrJhBu27wKdF scope=repo`},
			Reported: []string{`access_token=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 scope=repo`},
		},
		{
			Peers: []string{"github-app-token"}, Kind: RefusedChecksum, Rules: []string{"github-installation-token", "github-user-to-server-token"},
			Why:      "ghs_ and ghu_ tokens carry the same CRC32 tail as classic tokens; the samples fail it.",
			Refused:  []string{`{"headers":{"Authorization":"token ghs_hiUY4TELwA2lSjrKk0Cs9u20xiNjyN4bO1zD"}}`},
			Reported: []string{`{"headers":{"Authorization":"token ghs_hiUY4TELwA2lSjrKk0Cs9u20xiNjyN4bO1zC"}}`},
		},
		{
			Peers: []string{"github-refresh-token"}, Kind: RefusedChecksum, Rules: []string{"github-refresh-token"},
			Why:      "ghr_ tokens carry the same CRC32 tail as classic tokens; the samples fail it.",
			Refused:  []string{`refresh_token=ghr_DQn9mNgYpFjwOJfebGw4unQEn24w6U9BjA2V7ayLkGOhxmn6S9Hzl6IOUtKYcmqBP9U6Fu0nPP4y&grant_type=refresh_token`},
			Reported: []string{`refresh_token=ghr_DQn9mNgYpFjwOJfebGw4unQEn24w6U9BjA2V7ayLkGOhxmn6S9Hzl6IOUtKYcmqBP9U6Fu0nPP4x&grant_type=refresh_token`},
		},
		{
			Peers: []string{"github-fine-grained-pat"}, Kind: RefusedStructure, Rules: []string{"github-fine-grained-pat"},
			Why:      "github_pat_ is followed by a 22-character id, '_' and a 59-character secret; the samples are 82 characters with no '_' between them.",
			Refused:  []string{`GH_TOKEN=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`},
			Reported: []string{`GH_TOKEN=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`},
		},
		{
			Peers: []string{"npm-access-token"}, Kind: RefusedChecksum, Rules: []string{"npm-access-token"},
			Why:      "npm_ tokens end in the CRC32 of their random part in base62, as GitHub's do; the samples fail it.",
			Refused:  []string{`//registry.npmjs.org/:_authToken=npm_cO3dBy5VDh7bL3A5fRjdKMX7DltP132cselK`},
			Reported: []string{`//registry.npmjs.org/:_authToken=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`},
		},
		{
			Peers: []string{"gitlab-pat-routable", "gitlab-pat-routable-versioned"}, Kind: RefusedChecksum, Rules: []string{"gitlab-pat-routable"},
			Why: "A routable glpat- token ends in its payload length and a CRC32 of everything before it, in base36; the samples fail it.",
			Refused: []string{
				`PRIVATE-TOKEN: glpat-bXZwcEJEZ1FqaXU3aG9Hck82Wk45eVhVeWZRYzoxCm86MnMKdTo0ZjF4Dw.1m0wjcojp`,
				`PRIVATE-TOKEN: glpat-MllpNzZEN1hXVzAzWklZd3VaNEh2a0NQZURrYzoxCm86MnMKdTo0ZjF4Dw.01.1m0eiokj5`,
			},
			Reported: []string{
				`PRIVATE-TOKEN: glpat-bXZwcEJEZ1FqaXU3aG9Hck82Wk45eVhVeWZRYzoxCm86MnMKdTo0ZjF4Dw.1m0wjcojo`,
				`PRIVATE-TOKEN: glpat-MllpNzZEN1hXVzAzWklZd3VaNEh2a0NQZURrYzoxCm86MnMKdTo0ZjF4Dw.01.1m0eiokj4`,
			},
		},
		{
			Peers: []string{"gitlab-runner-authentication-token-routable"}, Kind: RefusedChecksum, Rules: []string{"gitlab-runner-token-routable"},
			Why:      "A routable glrt- token ends in its payload length and a CRC32 in base36, as routable personal tokens do; the samples fail it.",
			Refused:  []string{`runner registered token=glrt-c2FMVGhKakpOb1lLNXg1VUNhYWZzTThyeGFnYzoxCm86MnMKdTo0ZjF4Dw.1m0es3uq3`},
			Reported: []string{`runner registered token=glrt-c2FMVGhKakpOb1lLNXg1VUNhYWZzTThyeGFnYzoxCm86MnMKdTo0ZjF4Dw.1m0es3uq2`},
		},
		{
			Peers: []string{"grafana-service-account-token"}, Kind: RefusedChecksum, Rules: []string{"grafana-service-account-token"},
			Why:      "glsa_ tokens end in the CRC32 of the rest, little-endian hex; the samples' tails do not match.",
			Refused:  []string{`GRAFANA_TOKEN=glsa_7dEojyo4BplfwItoxrnZe3c4XrwKYYVT_a98c5801`},
			Reported: []string{`GRAFANA_TOKEN=glsa_7dEojyo4BplfwItoxrnZe3c4XrwKYYVT_a98c5800`},
		},
		{
			Peers: []string{"age-secret-key"}, Kind: RefusedChecksum, Rules: []string{"age-secret-key"},
			Why:      "An age identity is Bech32 with a 6-character checksum; the samples are AGE-SECRET-KEY-1 and Qs (all zero bits), which fail it.",
			Refused:  []string{`AGE_KEY=AGE-SECRET-KEY-18QYWVHSCFWFJH7R5ZSYVW992WYTX83Y5CCMHHGEWCHHESSN3323S0P4AHK`},
			Reported: []string{`AGE_KEY=AGE-SECRET-KEY-18QYWVHSCFWFJH7R5ZSYVW992WYTX83Y5CCMHHGEWCHHESSN3323S0P4AHJ`},
		},
		{
			Peers: []string{"grafana-api-key"}, Kind: RefusedStructure, Rules: []string{"grafana-api-key-legacy"},
			Why:      `A legacy API key is the base64 of {"k":…,"n":…,"id":…}; the random samples are eyJrIjoi and characters that decode to no such object (betterleaks' one well-formed key is reported).`,
			Refused:  []string{`GRAFANA_API_KEY=eyJrIjoia6sc14ortvifkv5bs6x6l8losamodys3v9bb3v4ivxw3lq73db598bq5bm06fls82ufq8g`},
			Reported: []string{`GRAFANA_API_KEY=eyJrIjoiTUhWV1VxYUhDRno5SzRnbGNzalNrbnZhWDZpblFIRFAiLCJuIjoiZGVwbG95LWFubm90YXRpb25zIiwiaWQiOjR9`},
		},
		{
			Peers: []string{"grafana-cloud-api-token"}, Kind: RefusedStructure, Rules: []string{"grafana-cloud-token"},
			Why:      `A Grafana Cloud token is glc_ and the base64 of a JSON object ({"o":…,"n":…,"k":…,"m":…}); the samples are glc_ and 32 or 40 random characters, or a document broken by a stray character.`,
			Refused:  []string{`GRAFANA_CLOUD_TOKEN=glc_K3xyQQme1nfmsvM255REUSieWJE1Iquv`},
			Reported: []string{`GRAFANA_CLOUD_TOKEN=glc_eyJvIjoiODczMjA0IiwibiI6ImFsbG95LWxvZ3Mtd3JpdGUiLCJrIjoiZG9URFZnZ3dkNDd6WGZKV29HTHdxem5OIiwibSI6eyJyIjoicHJvZC1ldS13ZXN0LTIifX0=`},
		},
		{
			Peers: []string{"sendgrid-api-token"}, Kind: RefusedStructure, Rules: []string{"sendgrid-api-key"},
			Why:      "A SendGrid key is SG., a 22-character id, '.' and a 43-character secret; the samples are 66 characters of lower case, digits and '=' with no second '.'.",
			Refused:  []string{`SENDGRID_API_KEY=SG.i685bi_j=2d2cmcqzqnpfid0zx_bp=ji5tx_psm10=aw32nwoj50mgcbq9oxg57pvc`},
			Reported: []string{`SENDGRID_API_KEY=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`},
		},
		{
			Peers: []string{"gcp-service-account"}, Kind: RefusedStructure, Rules: []string{"private-key-pkcs8"},
			Why:      "A service-account key file is reported by the private key it holds; the samples' private_key is a PEM frame around a few bytes, no key.",
			Refused:  []string{`{"type":"service_account","project_id":"billing-prod","private_key":"-----BEGIN PRIVATE KEY-----\nMIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgw\n-----END PRIVATE KEY-----\n","client_email":"exporter@billing-prod.iam.gserviceaccount.com"}`},
			Reported: []string{`{"type":"service_account","project_id":"billing-prod","private_key":"-----BEGIN PRIVATE KEY-----\nMIIEvgIBADANBgkqhkiG9w0BAQEFAASClRQqgepRKn7s2S1ZzH0yVIFoGdnJcyKu\nfKRGeicXe4qJJeTM6KxilN0B258krY89hTyMg1Ly+kxcyzuMsd1P7PbiTKs/0Bry\n8iFIuhdq4JToo0BUojirJok78BhrgahU7VXsRnWwHcMgbqrFjkZlGyAP9TP4ys1f\nFaVO5hb/XCKGZ3JbmK0Wg8GtVTTlx3o5EN6aYSrLr8/6vNpTR/tOUgFqgWzD5Owj\n2Pd3VzzBGW+CFmO6u70GlwZuJiJIa60yr+swHBttEEJ4cIYZ55DMTE2gK88b1PUf\n-----END PRIVATE KEY-----\n","client_email":"exporter@billing-prod.iam.gserviceaccount.com"}`},
		},
		{
			Peers: []string{"gcp-application-default-credentials"}, Kind: RefusedPlaceholder, Rules: []string{"gcp-oauth-client-secret", "gcp-oauth-refresh-token"},
			Why:      "An authorized_user file's secrets are its GOCSPX- client secret and 1//0 refresh token, each reported by its own rule; the samples hold GOCSPX-example and 1//refresh-token.",
			Refused:  []string{`{"type":"authorized_user","client_id":"7640.apps.googleusercontent.com","client_secret":"GOCSPX-your-client-secret","refresh_token":"1//your-refresh-token"}`},
			Reported: []string{`{"type":"authorized_user","client_id":"7640.apps.googleusercontent.com","client_secret":"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"}`},
		},
		{
			Peers: []string{"salesforce-access-token.1"}, Kind: RefusedPlaceholder, Rules: []string{"salesforce-access-token"},
			Why:      "A token is a 15-character org id starting 00D, '!' and the session; one sample is Salesforce's documented example (EXAMPLE in it), refused like every vendor's example, the other starts 00P, no org id.",
			Refused:  []string{`SF_ACCESS_TOKEN=00PD9juI8w8zuTW!C6pk1jzkLAkAdA9WO2gn8Tztk2NzoUEiuf1VH99ZZeyh3GEfnfUDOF1RG.q9Deo2alVex4K5eHtl5ZlktvxTtR2plcdClbx1`, `Access Token 00D8a0000012AbC!AQ4AQEXAMPLEsessionEXAMPLEsessionEXAMPLEsessionEXAMPLEsessionEXAMPLEsessionEXAMPLEsession`},
			Reported: []string{`Access Token 00D8a0000012AbC!AQ4AQk7Tq2sessionRw9Lm3sessionXp4Vn8sessionHd2Kc6sessionZb5Wq1sessionTy7Jm0session`, `SF_ACCESS_TOKEN=00DLx2ijukwzvJl!kZ_mhUpwzNlH_sBkqp_amZSnwj6S0r1eFPaS2zz0OD2hq83ejgxrx3Dzl_NhHj.fVhwrGvknOm2L5JfHJdD57USE6w34jRPx`},
		},
		{
			Peers: []string{"highnote-secret-live-key"}, Kind: RefusedNotAFormat, Rules: []string{"stripe-secret-key", "workos-production-api-key"},
			Why:      "Highnote documents no key format; the sample is sk_live_ and the base64 of key_…, the shape of a WorkOS key (reported under a WorkOS name), which no Stripe key has.",
			Refused:  []string{`HIGHNOTE_SK_LIVE=sk_live_a2V5X2FXSU5IeEEwZVVWVDF1QkF1cTJxZ016Mzh3TnVQYk5LcGV3N0NXWFkrLw==`},
			Reported: []string{`WORKOS_API_KEY=sk_live_a2V5X2FXSU5IeEEwZVVWVDF1QkF1cTJxZ016Mzh3TnVQYk5LcGV3N0NXWFkrLw==`},
		},
		{
			Peers: []string{"slack-legacy-workspace-token"}, Kind: RefusedPlaceholder, Rules: []string{"slack-workspace-token"},
			Why:      "Workspace tokens are xoxa-2- and three numeric ids before the secret; the samples' ids are runs of one digit (a scanner's test fixture) or missing, xoxa-/xoxr- and 12 characters.",
			Refused:  []string{`SLACK_TOKEN=xoxa-2-111111111-211111111111-3111111111111-d0c2e9a41b`, `"access_token": "xoxa-4-Pq2Rk8ZmW3xt"`},
			Reported: []string{`SLACK_TOKEN=xoxa-2-740487209700-657419131163-704000071637-16ed80c464c5bd3456ca3992dff9441fe9a1f441b3ef706de29b709ed05b4e94`},
		},
		{
			Peers: []string{"messagebird-client-id", "snyk-api-token"}, Kind: RefusedPlaceholder, Rules: []string{"messagebird-client-id", "snyk-api-token"},
			Why:      "The samples' only value is the sequence 12345678-ABCD-ABCD-ABCD-1234567890AB.",
			Refused:  []string{`SNYK_TOKEN=12345678-ABCD-ABCD-ABCD-1234567890AB`, `MESSAGEBIRD_CLIENT_ID=12345678-abcd-abcd-abcd-1234567890ab`},
			Reported: []string{`SNYK_TOKEN=2e013019-4516-479f-9974-450f0ca5a42e`},
		},
		{
			Peers: []string{"sonar-api-token"}, Kind: RefusedPlaceholder, Rules: []string{"sonar-token", "sonar-api-token"},
			Why:      "The samples' only value is a sequence (12345678ABCDEF…) with a letter no hex token holds.",
			Refused:  []string{`SONAR_TOKEN=12345678ABCDEFGH1234567890ABCDEFGH123456`},
			Reported: []string{`SONAR_TOKEN=B0IAh4maj4grdKILFv86f98pIwZfibu5hZlxbygd`},
		},
		{
			Peers: []string{"airtable-oauth-token", "asaas-api-token", "datadog-application-key", "etsy-open-api-key", "sendinblue-api-token", "supabase-management-token"},
			Kind:  RefusedPlaceholder,
			Rules: []string{"airtable-oauth-token", "asaas-api-token", "datadog-app-key", "etsy-open-api-key", "brevo-api-key", "supabase-access-token"},
			Why:   "The samples (betterleaks' alone for sendinblue-api-token: gitleaks' random ones are reported) are alphabet and digit runs (abcdef1234567890…, 1aa2bb33c44d55eeeeee…), templates rather than keys; the same rules report random values of the format.",
			Refused: []string{
				`SUPABASE_ACCESS_TOKEN=sbp_1234567890abcdef1234567890abcdef12345678`,
				`DATADOG_APP_KEY=abcdef0123456789abcdef0123456789abcdef01`,
				`ASAAS_API_KEY=$aact_prod_abcdefghijklmnop0123456789`,
				`BREVO_API_KEY=xkeysib-abcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcd-1234567890abcdef`,
			},
			Reported: []string{`SUPABASE_ACCESS_TOKEN=sbp_196198283654fe325ec72b269c8e74758ed8536e`, `DATADOG_APP_KEY=3s3qrw2l4wdryds8fvxawt3yni4dg4tdp47kzor9`},
		},
		{
			Peers: []string{"cloudinary-api-secret", "couchbase-capella-api-key"}, Kind: RefusedStructure,
			Rules: []string{"cloudinary-api-secret", "couchbase-capella-api-key"},
			Why:   "A Cloudinary API secret is 27 characters and a Capella API secret 64; the samples run 32, 70 and 74 characters (alternating aB3dE5fG7h… among them).",
			Refused: []string{
				`CLOUDINARY_API_SECRET=7E6773S1fTuiseGdbQ9d5ocTO4NwBcGB`,
				`capella_api_secret = "HU2Ndyl3A4zGu9qEuhPaDMlwVF2528GOU78/pcfCymMOzcvYoET6VIdZWkvURuoGx9Tz"`,
			},
			Reported: []string{
				`CLOUDINARY_API_SECRET=RH1gPUGJ6o2aDd7Zo_4abXyuGLk`,
				`capella_api_secret = "HU2Ndyl3A4zGu9qEuhPaDMlwVF2528GOU78/pcfCymMOzcvYoET6VIdZWkvURuoG"`,
			},
		},
		{
			Peers: []string{"pkcs12-file"}, Kind: RefusedFileName,
			Why:     "The peers report a .p12 or .pfx file found in a repository; a log line that names one holds no key.",
			Refused: []string{`level=info msg="loaded client certificate" path=/etc/ssl/private/client.p12`},
		},
		{
			Peers: []string{"aikido-client-id", "alibaba-sts-access-key-id", "azure-client-id", "canva-client-id", "clickhouse-cloud-key-id", "cloudinary-api-key", "ebay-client-id", "tableau-personal-access-token-name.1"},
			Kind:  RefusedCompanion,
			Why:   "Client ids, key ids and token names: betterleaks reports them only beside their secret, which leakwatch reports by itself.",
			Refused: []string{
				`AZURE_CLIENT_ID=3f9c1a7e-52d4-4b8e-9a61-c07d2e5b8f14`,
				`CANVA_CLIENT_ID=OC-Zq4kW8rT2pLm`,
				`TABLEAU_PAT_NAME=nightly-extract-refresh`,
			},
		},
		{
			Peers: []string{"azure-tenant-id", "cloudinary-cloud-name", "artifactory-jfrog-url", "salesforce-instance-url.1", "snowflake-account-host.1", "supabase-project-url", "tableau-server-host.1", "polymarket-address"},
			Kind:  RefusedCompanion,
			Why:   "Tenant ids, account names, hosts and wallet addresses are public: betterleaks reports them only beside a secret.",
			Refused: []string{
				`AZURE_TENANT_ID=9b2d4f61-0c3a-4e7b-8d15-6a2f9e0c4b73`,
				`SALESFORCE_INSTANCE_URL=https://acme-corp.my.salesforce.com`,
				`SNOWFLAKE_HOST=ab12345.eu-central-1.snowflakecomputing.com`,
				`NEXT_PUBLIC_SUPABASE_URL=https://qwkfjzmrtpxbvnhdlcsa.supabase.co`,
			},
		},
	}
}
