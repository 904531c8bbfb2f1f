package queries

// Adafruit credentials.
func adafruitRules() []*Rule {
	return []*Rule{
		{
			ID:          "adafruit-api-key",
			Description: "Adafruit IO key next to its name",
			Severity:    High,
			Provider:    "Adafruit",
			Peers:       []string{"adafruit-api-key"},
			Keywords:    []string{"adafruit"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("adafruit"), `([A-Za-z0-9_-]{32})(?:[^A-Za-z0-9\-_]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.7,
			TruePositives: []string{
				`ADAFRUIT_API_KEY=pKnizzOG7ZGad8wsmLtPJNXN7Nh4vizA`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","adafruit_token":"5OytwFVv_gfMIIZ6-jCwtfc4SuS247Bz"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync adafruit_secret=Itbu2cUO8RBVv7MU_bHTQE3hz5CbmqpL attempt=2`,
			},
			FalsePositives: []string{
				`ADAFRUIT_API_KEY=${ADAFRUIT_API_KEY}`,
				`adafruit_token: "0123456789ABCDEFGHIJKLMNOPQRSTUV"`,
				`xadafruitish_ref=Erh4ofIK4tqyRA5FweR17YKj_-u4NGuM`,
			},
		},
	}
}
