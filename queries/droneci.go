package queries

// Drone CI credentials.
func droneciRules() []*Rule {
	return []*Rule{
		{
			ID:          "droneci-access-token",
			Description: "Drone CI access token next to its name",
			Severity:    High,
			Provider:    "Drone CI",
			Peers:       []string{"droneci-access-token"},
			Keywords:    []string{"droneci", "drone_token"},
			IgnoreCase:  true,
			Regex:       assigned(credentialName(`droneci|drone_`), `([A-Za-z0-9]{32})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.0,
			TruePositives: []string{
				`DRONECI_API_KEY=8rPu7gE6TUBLj0k6BjuV0VvjUIjVk6VH`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","droneci_token":"ud0ZP1GDEhQid2cgbdVx1mpVYaEOyI1s"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync droneci_secret=jO1zsGx1Nk6JibTdMaKRO2J0sFNdF3TX attempt=2`,
			},
			FalsePositives: []string{
				`DRONECI_API_KEY=${DRONECI_API_KEY}`,
				`droneci_token: "0123456789ABCDEFGHIJKLMNOPQRSTUV"`,
				`xdroneciish_ref=RqIcYSAhs91t46HMWa7V6gBwooEkpBHk`,
			},
		},
	}
}
