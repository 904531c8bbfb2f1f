package queries

// JFrog credentials.
func jfrogRules() []*Rule {
	return []*Rule{
		{
			ID:          "jfrog-api-key-named",
			Description: "JFrog Artifactory API key next to its name",
			Severity:    High,
			Provider:    "JFrog",
			Peers:       []string{"jfrog-api-key", "artifactory-api-key"},
			Keywords:    []string{"jfrog", "artifactory", "bintray", "xray"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("jfrog", "artifactory", "bintray", "xray"), `([A-Za-z0-9]{73})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.4,
			TruePositives: []string{
				`JFROG_API_KEY=yPKCFmE8c2sOKtXuyEJHiLX0SF13dXfKuI3z1K7WMyH7XYPO7OWmX1SdwrVRi2N48na8egpx7`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","jfrog_token":"obw6VszWsaB9XWzbzMBlSmX77iFQu7USzFRRKHtt4XlzwXAoL7PSajhUgZRArzFNnRX5mGQBS"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync jfrog_secret=nLD1I3nqGay3UyHekiX4zdJj6rgR90ey1tdMpN9t4KRVTuxEA8YBnN0Z71fOa16F5l28qK1rf attempt=2`,
			},
			FalsePositives: []string{
				`JFROG_API_KEY=${JFROG_API_KEY}`,
				`jfrog_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789A"`,
				`xjfrogish_ref=9lh7lMDlCsOaJ9pbF8q9dzcPBZzfjcp0XhaB3Dn7j1Y2Rtdd7wwiv9s4VyXg2vcXcw4ScyueW`,
			},
		},
		{
			ID:          "jfrog-identity-token-named",
			Description: "JFrog identity or access token next to its name",
			Severity:    High,
			Provider:    "JFrog",
			Peers:       []string{"jfrog-identity-token"},
			Keywords:    []string{"jfrog", "artifactory", "bintray", "xray"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("jfrog", "artifactory", "bintray", "xray"), `([A-Za-z0-9]{64})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.2,
			TruePositives: []string{
				`JFROG_API_KEY=OWbyWncUvcFSy2bVN377WS48Ka0kThbm1DDKQPEJM3SNldK8XFlKYK6E6h5mD67a`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","jfrog_token":"GoWjdWEVA6YX1s0Ol6m5QdWz9yhuj2YJEzP8yOHtLXtGhMEpV7SpHuZgmwDZLtir"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync jfrog_secret=amsThpNbbdcO3wl9qdznQaGLT4tHPzeTgXAlxvEwTF7hfcrTqwdmr3AwMjDNLRGw attempt=2`,
			},
			FalsePositives: []string{
				`JFROG_API_KEY=${JFROG_API_KEY}`,
				`jfrog_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz01"`,
				`xjfrogish_ref=F0l5QmONJHAN6myY7tjlwt8CpcBnQXlbmLXmib0DE5mXlyLnwD5GjTAJ56q6Uc9q`,
			},
		},
	}
}
