package queries

// FullStory credentials.
func fullstoryRules() []*Rule {
	return []*Rule{
		{
			ID:          "fullstory-api-key",
			Description: "FullStory API key next to its name",
			Severity:    High,
			Provider:    "FullStory",
			Peers:       []string{"fullstory-api-key"},
			Keywords:    []string{"fullstory", "fs_api"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("fullstory", "fs_api"), `(na1\.[A-Za-z0-9+/]{40})(?:[^A-Za-z0-9+/]|$)`),
			Validators:  []Validator{noRuns, mixedCase},
			MinEntropy:  4.4,
			TruePositives: []string{
				`FULLSTORY_API_KEY=na1.wzfIPJnFXgrOUoA6HEK4SZC3KVF2lyeZTdeed1xJ`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","fullstory_token":"na1.xq2aLaC4HlExNip7QmT82xIg0DcVOBBm4JkiG9/T"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync fullstory_secret=na1.q33zBNlSNBa54HLgYG1IPpXwycSPhUVujGar6M0u attempt=2`,
			},
			FalsePositives: []string{
				`FULLSTORY_API_KEY=${FULLSTORY_API_KEY}`,
				`fullstory_token: "na1.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcd"`,
				`xfullstoryish_ref=na1.BBmcyj4eDVbPYUkQii9EHwIQIYLn9SOBjfntGkLp`,
			},
		},
	}
}
