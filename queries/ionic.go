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
				`IONIC_API_KEY=ion_dRuLV9KjMxJz83A7DTbmfpHiSldayBnQlGRkfOmfEf`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","ionic_token":"ion_1SaRYHtmdf9CpoBpP9mhOyCgI7RcBWz09bDXmQ8atA"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync ionic_secret=ion_RNM1i0Pvrjj8Pxdqt0rhATfPEZ1janNvIpVC8bBG8N attempt=2`,
			},
			FalsePositives: []string{
				`IONIC_API_KEY=${IONIC_API_KEY}`,
				`ionic_token: "ion_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef"`,
				`xionicish_ref=ion_MRVu8PBHDiXaXQLF3O7CgGY7JQ21M8anG9fFjB8qHZ`,
			},
		},
	}
}
