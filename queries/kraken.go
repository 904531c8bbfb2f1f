package queries

// Kraken credentials.
func krakenRules() []*Rule {
	return []*Rule{
		{
			ID:          "kraken-access-token",
			Description: "Kraken API private key next to its name",
			Severity:    High,
			Provider:    "Kraken",
			Peers:       []string{"kraken-access-token"},
			Keywords:    []string{"kraken"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("kraken"), `([A-Za-z0-9+/]{86}==)`),
			Validators:  []Validator{noRuns, mixedCase},
			MinEntropy:  5.0,
			TruePositives: []string{
				`KRAKEN_API_KEY=3sHOXQrh/LNonNVE422sjWox7+oVsjAQQZEC4StuJMYZCQrOjYsin7z5yz6hpn1ZFSa0TkLnkI4HH4pgACmyCN==`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","kraken_token":"yte2ih2mGz8ZHMPkNA02+1NWEYb9hou3SrJPhaJ7mHqZuppZ++LmLSWQuVs8SM/WFZ+T/rs+ixsCYXJe/phWiN=="}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync kraken_secret=SL0uKawQiHHlNExY5s+1NLgGM1I+1WLPos7nPJFd5mKw8HxuitU3Tujg9ZObi+49z1/pVIhkmMk4OgYYWgl/RO== attempt=2`,
			},
			FalsePositives: []string{
				`KRAKEN_API_KEY=${KRAKEN_API_KEY}`,
				`kraken_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMN=="`,
				`xkrakenish_ref=7oRX5N7Q5Lfz2qgwTpoDSiVhEtQ2QvOis1X6+XgSRGKB+ZnUeYRXILzWWI6upgiJOqVpmotQgS0Su2PGXI4VF5==`,
			},
		},
	}
}
