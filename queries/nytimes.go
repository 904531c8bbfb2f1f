package queries

func nytimesRules() []*Rule {
	return []*Rule{
		{
			ID: "nytimes-access-token", Description: "New York Times API key next to its name", Severity: Medium,
			Provider: "New York Times", Peers: []string{"nytimes-access-token"},
			Keywords:   []string{"nytimes", "NYTIMES", "Nytimes", "NYTimes", "new-york-times", "NEW-YORK-TIMES", "New-york-times", "newyorktimes", "NEWYORKTIMES", "Newyorktimes", "new_york_times", "NEW_YORK_TIMES", "New_york_times"},
			Regex:      assigned(namedCredential(`(?:nytimes|NYTIMES|Nytimes|NYTimes|new-york-times|NEW-YORK-TIMES|New-york-times|newyorktimes|NEWYORKTIMES|Newyorktimes|new_york_times|NEW_YORK_TIMES|New_york_times)`), `([A-Za-z0-9=_-]{32})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.5,
			TruePositives: []string{
				`NYTIMES_API_KEY=RvU7LYv2Xke4TrxO0YmLrusaA8IEfUUi`,
				`  nytimes_key: "NHnBSxjUkR5DLlWxpv8vst1NNUVfFsx5"`,
			},
			FalsePositives: []string{
				`NYTIMES_API_KEY=${NYTIMES_API_KEY}`,
				`NYTIMES_API_KEY=abcdefghijklmnopqrstuvwxyz012345`,
			},
		},
	}
}
