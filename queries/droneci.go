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
				`DRONECI_API_KEY=UN7pawPd6i0m07PA6Kz1O0WyAHbJe8xl`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","droneci_token":"EPRDutyGGEFc9vUgamF23oqv618dub6Z"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync droneci_secret=I2wfN8vyP0whuDnXD0thTddwYCpLDplg attempt=2`,
			},
			FalsePositives: []string{
				`DRONECI_API_KEY=${DRONECI_API_KEY}`,
				`droneci_token: "0123456789ABCDEFGHIJKLMNOPQRSTUV"`,
				`xdroneciish_ref=E8Qo1DlBYB9KFrCcOeqyYigM1VTlV6bF`,
			},
		},
	}
}
