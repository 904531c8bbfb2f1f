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
			Validators:  []Validator{noRuns, mixedCase},
			MinEntropy:  4.4,
			TruePositives: []string{
				`IONIC_API_KEY=ion_KwBHDRw2v7laIYZxPPRdVC4xqip5GAiiRQoqQLuFEX`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","ionic_token":"ion_uV5MTD1G6AnUfn8I4eJ4K1lGzSvCaAMn5QZ5huusTh"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync ionic_secret=ion_ylSKxkV43wq8xOZBXA6bviPf23VdWGM1MFeNS7XM0f attempt=2`,
			},
			FalsePositives: []string{
				`IONIC_API_KEY=${IONIC_API_KEY}`,
				`ionic_token: "ion_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef"`,
				`xionicish_ref=ion_1L1SYZlI2De2ahHfRdW85m3dCpIorpbIprZQEeDQiE`,
			},
		},
	}
}
