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
			MinEntropy:  3.7,
			TruePositives: []string{
				`DRONECI_API_KEY=grYgzDUFyDcRpmJg9mhhnxS8AXVPb8Ra`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","droneci_token":"nvS9z4zdQbhSQ1oaoLtAP8SIP8AyZiut"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync droneci_secret=eVK2ozP3yM4J1eGXRq1ImkUI0NyDj5lF attempt=2`,
			},
			FalsePositives: []string{
				`DRONECI_API_KEY=${DRONECI_API_KEY}`,
				`droneci_token: "0123456789ABCDEFGHIJKLMNOPQRSTUV"`,
				`xdroneciish_ref=Upcnpd0Z9goVTSPcRp2NsGfZDsbDFkj6`,
			},
		},
	}
}
