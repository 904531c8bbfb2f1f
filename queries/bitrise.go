package queries

// Bitrise credentials.
func bitriseRules() []*Rule {
	return []*Rule{
		{
			ID:          "bitrise-access-token",
			Description: "Bitrise personal or workspace access token next to its name",
			Severity:    High,
			Provider:    "Bitrise",
			Peers:       []string{"bitrise-access-token"},
			Keywords:    []string{"bitrise"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("bitrise"), `([A-Za-z0-9_-]{60,120})(?:[^A-Za-z0-9\-_]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.3,
			TruePositives: []string{
				`BITRISE_API_KEY=T7_hII_6lDGESuM2XPy4GnCuOBIpY0Cm1VOR-Qj4kXvesOgHNrjIYaBd4KmFpMt_hyElAb`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","bitrise_token":"g7SXjBn99b2MvdDLgE7Bu82NpdHvki_L2adaB5wLoANas1xuZBJhJIUVjX5Pd"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync bitrise_secret=oZmXPxUgcFtD_Q6ojUuUJjejWDrWZnNkc2X5r0y_9R97k1xJYBNIKxc4zt36GM-h attempt=2`,
			},
			FalsePositives: []string{
				`BITRISE_API_KEY=${BITRISE_API_KEY}`,
				`bitrise_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwx"`,
				`xbitriseish_ref=c6n816OutzVsWVGnIwWMLwe6WGsP5DZccYG11IZsgwjzR81cg4r-MALrYGF_jOsJ23a`,
			},
		},
	}
}
