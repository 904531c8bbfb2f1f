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
			Validators:  []Validator{noRuns, mixedCase},
			MinEntropy:  4.8,
			TruePositives: []string{
				`JFROG_API_KEY=8kyC7xX9qbI1jZZaFk8fe7M2Q8T6y2xkiOZSoa5KBqZi4KUDeGnEArfQJglAPhVZpOt8gSNWE`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","jfrog_token":"2FB1ilpUg4273lxcv1X1Afibo52QeXsRkTYZgaI0gfVkXUyIeZlioLygIO93Hbk6dlvRghbY8"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync jfrog_secret=Lm6pTmaKJo0K8UJUzupZ7n4hC5EZDJhzHH8rJcZXeK9Yp6amakNtGlHXj1b9d3WlDIbhbifQx attempt=2`,
			},
			FalsePositives: []string{
				`JFROG_API_KEY=${JFROG_API_KEY}`,
				`jfrog_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789A"`,
				`xjfrogish_ref=YL5bQB7H1tCkBUg0dRasQb3kc4yXWh1lkPHI8AnsD5vhgaVnhPCLA55wsEJYf3xKHhvA1rZO2`,
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
			Validators:  []Validator{noRuns, mixedCase},
			MinEntropy:  4.7,
			TruePositives: []string{
				`JFROG_API_KEY=3x4PzSebZ2LY5y08sYLPbyP0reNQhMa0FXjGv10b4dMdcgT5He6KnUaAyO5clhXQ`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","jfrog_token":"AjK0WccVeKoGXZGtynKS51cg9M8ITKbu8UyIDUDRlHEbBYvwu9BMSpy6ldJaJZih"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync jfrog_secret=tRTaawuXAe3F9im6MBYDTsE3Jyb6BIbtu3a5zBVaPxG2hZsMEtNJYK7E1FtE2Dsk attempt=2`,
			},
			FalsePositives: []string{
				`JFROG_API_KEY=${JFROG_API_KEY}`,
				`jfrog_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz01"`,
				`xjfrogish_ref=ApBzVwvFinvDu1ttNU4lJqVobUvgTcZVpc83ShsbKAPkroVHc1aHF6z4EZkLDCzi`,
			},
		},
	}
}
