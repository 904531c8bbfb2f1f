package queries

// Ionic credentials.
func ionicRules() []*Rule {
	return []*Rule{
		{
			ID:          "ionic-personal-access-token",
			Description: "Ionic Appflow personal access token next to its name",
			Severity:    High,
			Provider:    "Ionic",
			Peers:       []string{"ionic-personal-access-token"},
			Keywords:    []string{"ionic"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("ionic"), `(ion_[A-Za-z0-9]{42})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.1,
			TruePositives: []string{
				`IONIC_API_KEY=ion_7kjT4gbsCu5UvtyFB8nCuulmsVEYzCatAE5UTyqdIC`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","ionic_token":"ion_MAgjJVNKhCDlfZgkFroRvMHF1zqSR3C1VNtUW3l8nV"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync ionic_secret=ion_ZyF0YmhH2S2TjxweAVSpOn31YCnENO0TsoOqd39qPc attempt=2`,
			},
			FalsePositives: []string{
				`IONIC_API_KEY=${IONIC_API_KEY}`,
				`ionic_token: "ion_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef"`,
				`xionicish_ref=ion_29zxfgIpITGmudqbeyZgqKsT4mcDx0mIfaZgBIckMs`,
			},
		},
	}
}
