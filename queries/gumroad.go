package queries

// Gumroad credentials.
func gumroadRules() []*Rule {
	return []*Rule{
		{
			ID:          "gumroad-access-token",
			Description: "Gumroad access token next to its name",
			Severity:    High,
			Provider:    "Gumroad",
			Peers:       []string{"gumroad-access-token"},
			Keywords:    []string{"gumroad"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("gumroad"), `([0-9a-f]{64})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.4,
			TruePositives: []string{
				`GUMROAD_API_KEY=be47a2dcdd5121950648bc3a36fd7e35a030385626193070ce2fe44b0121e8eb`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","gumroad_token":"ed826332e3076fd5c7c384486d3202da9dfab0b79af90eb73be182cb8bc46813"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync gumroad_secret=5ba101443bb67135ad636aec49f6bd551fd58d3796432735e3b2d48b965229b3 attempt=2`,
			},
			FalsePositives: []string{
				`GUMROAD_API_KEY=${GUMROAD_API_KEY}`,
				`gumroad_token: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"`,
				`xgumroadish_ref=eff59ddc9a9cbf26b62910d2af3e930550b5be8f6ab691800efb777848915995`,
			},
		},
	}
}
