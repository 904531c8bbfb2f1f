package queries

// Defined Networking credentials.
func definednetworkingRules() []*Rule {
	return []*Rule{
		{
			ID:            "defined-networking-api-token",
			Description:   "Defined Networking (Nebula) API token",
			Severity:      Critical,
			Provider:      "Defined Networking",
			Peers:         []string{"defined-networking-api-token"},
			Keywords:      []string{"dnkey-"},
			Regex:         `(dnkey-[A-Za-z0-9=_-]{26}-[A-Za-z0-9=_-]{52})(?:[^A-Za-z0-9=_-]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.6,
			PreviewPrefix: 6,
			TruePositives: []string{
				`DN_API_KEY=dnkey-FJ5WVLPGPJL1N9RSZ9R69DSY5O-79WYG3JB4R87LD16UMRAVZT7FDOLWB155DVXSFMGQEIFZD82S5T8`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"dnkey-18W2ZC8P2YQ7RPSEDINDLKVQQ6-J694L3D8RB19PM6P6D5O0BSZ2XXDQLOCIC000SCVLI5A8YAAEFKB"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer dnkey-TG9FIDQC9UEAYSK1Y9ADN0CFFW-OLD57295562XFKYG6D4QGG25FS9F9I4DU4ASQ5PMUCV39FBQQUXW`,
			},
			FalsePositives: []string{
				`DN_API_KEY=dnkey-xxxxxxxxxxxxxxxxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`DN_API_KEY=dnkey-0123456789ABCDEFGHIJKLMNOP-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEF`,
			},
		},
	}
}
