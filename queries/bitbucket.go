package queries

// Bitbucket credentials.
func bitbucketRules() []*Rule {
	return []*Rule{
		{
			ID:          "bitbucket-client-id",
			Description: "Bitbucket OAuth consumer key next to its name",
			Severity:    Low,
			Provider:    "Bitbucket",
			Peers:       []string{"bitbucket-client-id"},
			Keywords:    []string{"bitbucket"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("bitbucket"), `([A-Za-z0-9]{32})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.9,
			TruePositives: []string{
				`BITBUCKET_API_KEY=9Vql8drNeEjiyX0yx0yqKx8KiV3uPEV5`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","bitbucket_token":"arQorVjOFfnfNk0Xy847WyHcd3c1TEhl"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync bitbucket_secret=zTldscs8VpG9yCmhmpvFEGE2jYs06fiz attempt=2`,
			},
			FalsePositives: []string{
				`BITBUCKET_API_KEY=${BITBUCKET_API_KEY}`,
				`bitbucket_token: "0123456789ABCDEFGHIJKLMNOPQRSTUV"`,
				`xbitbucketish_ref=X32LAvjfsbDopOGXLkEDmRm50wfoaQO1`,
			},
		},
		{
			ID:          "bitbucket-client-secret",
			Description: "Bitbucket OAuth consumer secret next to its name",
			Severity:    High,
			Provider:    "Bitbucket",
			Peers:       []string{"bitbucket-client-secret"},
			Keywords:    []string{"bitbucket"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("bitbucket"), `([A-Za-z0-9]{64})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.7,
			TruePositives: []string{
				`BITBUCKET_API_KEY=UuwFqA4Wnqc93XFM0L6EaSLhaelX1nkVxw5EXTvAPpEASoIxwyOVUHDGEOebGbEe`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","bitbucket_token":"xEfPKuUN5086XDNu9xpquqIlr0s1XZCzcKYSTQBVsWHDmdGIhFbi7fc7nP8K34WS"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync bitbucket_secret=irX3oDSbw9jspV3kuqgkZZnXVYavn0WKhsr5cQRHNhleMygPEADTJ7CJYDL3JsFG attempt=2`,
			},
			FalsePositives: []string{
				`BITBUCKET_API_KEY=${BITBUCKET_API_KEY}`,
				`bitbucket_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz01"`,
				`xbitbucketish_ref=b0B939zyIHnt4vXMa8JjyKvJ3opBXWuQSJcAbwUdhPRGZUoSkSyqc6BWtWmFwqug`,
			},
		},
	}
}
