package queries

// Duffel credentials.
func duffelRules() []*Rule {
	return []*Rule{
		{
			ID:            "duffel-api-token",
			Description:   "Duffel live or test API token",
			Severity:      Critical,
			Provider:      "Duffel",
			Peers:         []string{"duffel-api-token"},
			Keywords:      []string{"duffel_live_", "duffel_test_"},
			Regex:         `(duffel_(?:live|test)_[A-Za-z0-9_=-]{43})(?:[^A-Za-z0-9_=-]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.1,
			PreviewPrefix: 7,
			TruePositives: []string{
				`DUFFEL_ACCESS_TOKEN=duffel_live_6H6fggcZkh9lf9IFi-a7m8jL5JIFycrObMW1w9enO2m`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"duffel_live_eilSwBwtD2SgF20LyzY6TurL4dq4aFGHkepLiCy-22P"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer duffel_live_I_8W84-67cIcFsoqf3gUvri44WSklU8Q6RuixG5FGyk`,
			},
			FalsePositives: []string{
				`DUFFEL_ACCESS_TOKEN=duffel_live_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`DUFFEL_ACCESS_TOKEN=duffel_live_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg`,
				`DUFFEL_ACCESS_TOKEN=duffel_live_eo4i77j1t9d3dAro-LF9Xa93GnixNo29vFx-moIS`,
			},
		},
	}
}
