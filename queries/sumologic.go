package queries

// Sumo Logic access keys: the access id (su + 12) and the 64-character access key.
func sumoLogicRules() []*Rule {
	return []*Rule{
		{
			ID: "sumologic-access-id", Description: "Sumo Logic access id next to its name", Severity: Low,
			Provider: "Sumo Logic", Peers: []string{"sumologic-access-id"},
			Keywords:   []string{"sumo", "SUMO", "Sumo", "SumoLogic"},
			Regex:      assigned(named(`(?:sumo|SUMO|Sumo|SumoLogic)`), `(su[A-Za-z0-9]{12})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.0,
			TruePositives: []string{
				`SUMO_ACCESS_ID=su0pefk19f9qWm`,
				`ts=2026-12-07T09:14:03Z level=debug msg="retrying call" sumologic_access_id=suvMXAnjYA5lzL`,
			},
			FalsePositives: []string{
				`SUMO_ACCESS_ID=${SUMO_ACCESS_ID}`,
				`SUMO_ACCESS_ID=suGdT7fPwqV`,
			},
		},
		{
			ID: "sumologic-access-token", Description: "Sumo Logic access key next to its name", Severity: Critical,
			Provider: "Sumo Logic", Peers: []string{"sumologic-access-token"},
			Keywords:   []string{"sumo", "SUMO", "Sumo", "SumoLogic"},
			Regex:      assigned(namedCredential(`(?:sumo|SUMO|Sumo|SumoLogic)`), `([A-Za-z0-9]{64})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0,
			TruePositives: []string{
				`SUMO_ACCESS_KEY=1nS7W1xEkqmhr2ITbMs5xG8jnPnVpTC9gbgy20SyARH5nUam51XhbRx6uO4DpwSH`,
				`  sumoAccessKey: "a8fAwbqU1L0ImmJ11rw1Ygp55YeBmOyWX8UVdhsusUBA3DfZJNPGTu8XrS6mr48d"`,
			},
			FalsePositives: []string{
				`SUMO_ACCESS_KEY=${SUMO_ACCESS_KEY}`,
				`SUMO_ACCESS_KEY=abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz01`,
			},
		},
	}
}
