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
			MinEntropy:  4.0,
			TruePositives: []string{
				`ADAFRUIT_API_KEY=6g1SVC4OuLZ7h8getpVblhmk1BpY_eb1`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","adafruit_token":"VspA1iAFhQa9_qKsWAHdzgY4329aeSkK"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync adafruit_secret=FRaqzH35OKXsJGRwpBsU9IR_h3J_0tAz attempt=2`,
			},
			FalsePositives: []string{
				`ADAFRUIT_API_KEY=${ADAFRUIT_API_KEY}`,
				`adafruit_token: "0123456789ABCDEFGHIJKLMNOPQRSTUV"`,
				`xadafruitish_ref=CBntUiZWKmHSkhw8paj6ZHEsK4Xo9U3r`,
			},
		},
	}
}
