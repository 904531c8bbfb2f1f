package queries

func travisCIRules() []*Rule {
	return []*Rule{
		{
			ID: "travisci-access-token", Description: "Travis CI API token next to its name", Severity: High,
			Provider: "Travis CI", Peers: []string{"travisci-access-token"},
			Keywords:   []string{"travis", "TRAVIS", "Travis", "TravisCI"},
			Regex:      assigned(namedCredential(`(?:travis|TRAVIS|Travis|TravisCI)`), `([A-Za-z0-9]{22})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.0,
			TruePositives: []string{
				`TRAVIS_API_TOKEN=46vgxGSpxOC1gjGjlAT6Io`,
				`{"level":"info","msg":"retrying call","travis_token":"iTKbUKh7zbkCxFqCeMYTvB"}`,
			},
			FalsePositives: []string{
				`TRAVIS_API_TOKEN=${TRAVIS_API_TOKEN}`,
				`TRAVIS_API_TOKEN=abcdefghijklmnopqrstuv`,
			},
		},
	}
}
