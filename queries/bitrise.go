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
			MinEntropy:  4.7,
			TruePositives: []string{
				`BITRISE_API_KEY=Wtgn1J5V-3BPOS1NEHAbn3C4E-WWw_Ftrez0Mdy954ioSSSyRTaqsqOS2y8TBsmpbidQb`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","bitrise_token":"nOErV2zR_OU_v2LYwjOlYi6lGWNg5x7qmbCDrtMrpVMcPsBsFY_KSwxbUNLDv8"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync bitrise_secret=jyRvH96sidne-SuJk_ZBJIrmTyP3pfzVByYazPdLSc0YM3Zh2voy-QWARbAPWF7BNbW attempt=2`,
			},
			FalsePositives: []string{
				`BITRISE_API_KEY=${BITRISE_API_KEY}`,
				`bitrise_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwx"`,
				`xbitriseish_ref=t74gBOxrjFVMZ1PqWutGMUUw7qb5GnXuFebBW9OUrpcA0zJ3y-61HIEA4D5Y-`,
			},
		},
	}
}
