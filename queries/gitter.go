package queries

// Gitter credentials.
func gitterRules() []*Rule {
	return []*Rule{
		{
			ID:          "gitter-access-token",
			Description: "Gitter access token next to its name",
			Severity:    High,
			Provider:    "Gitter",
			Peers:       []string{"gitter-access-token"},
			Keywords:    []string{"gitter"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("gitter"), `([A-Za-z0-9_-]{40})(?:[^A-Za-z0-9\-_]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.9,
			TruePositives: []string{
				`GITTER_API_KEY=_8oe11b06gaN2y31vlH5KQs7lpqW-1KMOHaXJW18`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","gitter_token":"ZmJ6qcX8X5aq_0sppRXwdfs8S-tH28T3TNIhi8v2"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync gitter_secret=j1rIJ-cJ0spVBOVAgDILaAwQxwBJBKlSECTtUJ7Y attempt=2`,
			},
			FalsePositives: []string{
				`GITTER_API_KEY=${GITTER_API_KEY}`,
				`gitter_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcd"`,
				`xgitterish_ref=wGdmjJUarNUBaJmho1qVKpUbilArxwQ4aN6aCk7o`,
			},
		},
	}
}
