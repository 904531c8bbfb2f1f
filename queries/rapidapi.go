package queries

func rapidAPIRules() []*Rule {
	return []*Rule{
		{
			ID: "rapidapi-access-token", Description: "RapidAPI key next to its name", Severity: High,
			Provider: "RapidAPI", Peers: []string{"rapidapi-access-token"},
			Keywords:   []string{"rapidapi", "RAPIDAPI", "Rapidapi", "RapidAPI", "rapidApi", "RapidApi"},
			Regex:      assigned(namedCredential(`(?:rapidapi|RAPIDAPI|Rapidapi|RapidAPI|rapidApi|RapidApi)`), `([A-Za-z0-9_-]{50})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.8,
			TruePositives: []string{
				`RAPIDAPI_KEY=zmlc00zvyamshi14ze6xlvv7wg6cp1eikqmijsne01u1xey6ow`,
				`{"level":"info","msg":"deploy step","X-RapidAPI-Key":"2gxkbcqvgmmshtpnqon4f55mre1ap1o8t3hfjsn1xzmftzdu1s"}`,
			},
			FalsePositives: []string{
				`RAPIDAPI_KEY=${RAPIDAPI_KEY}`,
				`RAPIDAPI_KEY=hnayuvqmshjl5tn92tkxf1p1gl7jsn5tmgo0vt`,
			},
		},
	}
}
