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
			Regex:       assigned(nameWords("gitter"), `([0-9a-f]{40})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.2,
			TruePositives: []string{
				`GITTER_API_KEY=c05a3db227326a40094c64027566af0bc3a17af0`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","gitter_token":"b5f3c2d0bb0d77c9fe252d6af10cb028a4fc1f86"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync gitter_secret=d9d1429f73dba71d9ac8360d38de0019c4d0cf1f attempt=2`,
			},
			FalsePositives: []string{
				`GITTER_API_KEY=${GITTER_API_KEY}`,
				`gitter_token: "0123456789abcdef0123456789abcdef01234567"`,
				`xgitterish_ref=adb9a674fe99e54dc560abb1dedc6e00872fe34f`,
			},
		},
	}
}
