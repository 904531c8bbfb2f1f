package queries

// X (Twitter) API credentials: consumer key (25) and secret (50), access token (id-…) and secret (45), and app bearer tokens (a run of A, then URL-encoded base64).
func twitterRules() []*Rule {
	return []*Rule{
		{
			ID: "twitter-api-key", Description: "X (Twitter) API consumer key next to its name", Severity: Medium,
			Provider: "X (Twitter)", Peers: []string{"twitter-api-key"},
			Keywords:   []string{"twitter", "TWITTER", "Twitter"},
			Regex:      assigned(namedCredential(`(?:twitter|TWITTER|Twitter)`), `([A-Za-z0-9]{25})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.5,
			TruePositives: []string{
				`TWITTER_API_KEY=WKkIHeshJVosMzZgNnzg8sspI`,
				`{"level":"info","msg":"webhook delivery","twitter_consumer_key":"0JprIXGM6BwAddQU2dLpZRbPC"}`,
			},
			FalsePositives: []string{
				`TWITTER_API_KEY=${TWITTER_API_KEY}`,
				`TWITTER_API_KEY=abcdefghijklmnopqrstuvwxy`,
			},
		},
		{
			ID: "twitter-api-secret", Description: "X (Twitter) API consumer secret next to its name", Severity: Critical,
			Provider: "X (Twitter)", Peers: []string{"twitter-api-secret"},
			Keywords:   []string{"twitter", "TWITTER", "Twitter"},
			Regex:      assigned(namedCredential(`(?:twitter|TWITTER|Twitter)`), `([A-Za-z0-9]{50})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0,
			TruePositives: []string{
				`TWITTER_API_SECRET=s8MwXub5YxhBuDWzVsz435vRB6TCsm3VOZ7kVCMAaIatScwDO8`,
				`ts=2026-12-07T09:14:03Z level=debug msg="config loaded" twitterConsumerSecret=XJq780SA9fiCpk2uomRmiOwvL1j4KOznjeYQS99lujaugIPl3h`,
			},
			FalsePositives: []string{
				`TWITTER_API_SECRET=${TWITTER_API_SECRET}`,
				`TWITTER_API_SECRET=abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmn`,
			},
		},
		{
			ID: "twitter-access-token", Description: "X (Twitter) access token next to its name", Severity: High,
			Provider: "X (Twitter)", Peers: []string{"twitter-access-token"},
			Keywords:   []string{"twitter", "TWITTER", "Twitter"},
			Regex:      assigned(namedCredential(`(?:twitter|TWITTER|Twitter)`), `([0-9]{15,25}-[A-Za-z0-9]{20,40})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.8,
			TruePositives: []string{
				`TWITTER_ACCESS_TOKEN=0131331279403077298-zglFOd2aHWd21M75QqBfsJtv3YHhtM`,
				`ts=2026-12-07T09:14:03Z level=debug msg="upload ok" twitter_access_token=3455986741514057535-ayCIHeu7kTrEgiaci4T5lS7gOowZjJ`,
			},
			FalsePositives: []string{
				`TWITTER_ACCESS_TOKEN=${TWITTER_ACCESS_TOKEN}`,
				`TWITTER_ACCESS_TOKEN=0123456789abcdef012-abcdefghijklmnopqrstuvwxyz0123`,
			},
		},
		{
			ID: "twitter-access-secret", Description: "X (Twitter) access token secret next to its name", Severity: Critical,
			Provider: "X (Twitter)", Peers: []string{"twitter-access-secret"},
			Keywords:   []string{"twitter", "TWITTER", "Twitter"},
			Regex:      assigned(namedCredential(`(?:twitter|TWITTER|Twitter)`), `([A-Za-z0-9]{45})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0,
			TruePositives: []string{
				`TWITTER_ACCESS_TOKEN_SECRET=0pa2LhU3b8BmndyaUT0G41wNIUfdWvJWLPXpteOAT9CGH`,
				`{"level":"info","msg":"request failed","twitter_access_secret":"rjnpGqDLixeYMuv56jwFdDS8XxPATxYjKoJsPlM5PbMgu"}`,
			},
			FalsePositives: []string{
				`TWITTER_ACCESS_TOKEN_SECRET=${TWITTER_ACCESS_TOKEN_SECRET}`,
				`TWITTER_ACCESS_TOKEN_SECRET=abcdefghijklmnopqrstuvwxyz0123456789abcdefghi`,
			},
		},
		{
			ID: "twitter-bearer-token", Description: "X (Twitter) app bearer token", Severity: Critical,
			Provider: "X (Twitter)", Peers: []string{"twitter-bearer-token"},
			Keywords:   []string{"AAAAAAAAAAAAAAAAAAAA"},
			Regex:      `(?:^|[^A-Za-z0-9])(A{20,24}[B-Za-z0-9%][A-Za-z0-9%]{60,120})` + valueEnd,
			Validators: []Validator{twoClasses},
			MinEntropy: 3.5,
			TruePositives: []string{
				`TWITTER_BEARER_TOKEN=AAAAAAAAAAAAAAAAAAAAA0U23U9Tax8KFxBn0IRNuld5y2B78y3m6zWdpnEFz%3D6oQJnePmieKVS0BVXBCObwwjnxNwoHetNx18TSUvNEZC`,
				`Authorization: Bearer AAAAAAAAAAAAAAAAAAAAAkgDkuQafdYv4dKzITjfxZBRGC32hWNlMPBMtROt5%3DnYjO1bQsvNnJCGIaWAq4dKGHFxa5aeNhkMBqe7LydzTE`,
			},
			FalsePositives: []string{
				`TWITTER_BEARER_TOKEN=AAAAAAAAAAAAAAAAAAAA<your-token>`,
				`TWITTER_BEARER_TOKEN=AAAAAAAAAAAAAAAAAAAAA8EELBbpTjcZlR2f2zPPGtmR7Fgrq3i`,
			},
		},
	}
}
