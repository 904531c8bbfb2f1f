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
				`JFROG_API_KEY=o3SfNwgKVMQFYMvf35luCWrfgRWhb3mdikjTg4EPPjFhWkpeMqmGCgzYTNYxfjiBPCnoI82SQ`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","jfrog_token":"jO12pZ9b5X3MVn2J21GIPQ9MsYM4QixkRsZKn9cCOOaD9K2j3X8IL0oR34oDAC5Yd83AXqGLy"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync jfrog_secret=ViZr5ZgSMGZfnV4gAZNbMM6zFm5gkcjmAtt3aQ5xLh9L9wOmhGoMeJVVkYZ3p1fQBZvHJo2WF attempt=2`,
			},
			FalsePositives: []string{
				`JFROG_API_KEY=${JFROG_API_KEY}`,
				`jfrog_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789A"`,
				`xjfrogish_ref=VfH8AncqxlGDqMfar2fb8H0CFNtJEfIOnFPhfBT265op7Ld2agwq9gdPCyuwvEI8SOOkmNLKZ`,
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
			MinEntropy:  4.3,
			TruePositives: []string{
				`JFROG_API_KEY=sk63LAMvvdicvD5pYC3UxVxScJlHmJhHN9nYNzKPxEDGWVSF22BuY5owNhekkvqE`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","jfrog_token":"Zifeq8Q7mPIGterPGE2hMbuzCGnHRa30wqvlqgjSz0DpT4vzgoj1bYQ2mdhAKnj8"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync jfrog_secret=kkgpG0MqWqpQhfl5RVLuk72rjPTyddHehUzuF8EnfS8OsrGQneQ4kav7Fsi5ZgMj attempt=2`,
			},
			FalsePositives: []string{
				`JFROG_API_KEY=${JFROG_API_KEY}`,
				`jfrog_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz01"`,
				`xjfrogish_ref=ppKIFin07SBfbFG268eNH1QxAvRayM338eSyde3YI8Qtll8TwGbZT1tPBQaqmcoH`,
			},
		},
	}
}
