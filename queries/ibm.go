package queries

// IBM Cloud credentials.
func ibmRules() []*Rule {
	return []*Rule{
		{
			ID:          "ibm-cloud-user-api-key",
			Description: "IBM Cloud API key next to its name",
			Severity:    High,
			Provider:    "IBM Cloud",
			Peers:       []string{"ibm-cloud-user-api-key"},
			Keywords:    []string{"ibm"},
			IgnoreCase:  true,
			Regex:       assigned(credentialName(`ibm(?:cloud)?`), `([A-Za-z0-9_-]{44})(?:[^A-Za-z0-9\-_]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.0,
			TruePositives: []string{
				`IBM_API_KEY=MMEqD_oKLULHRR8f74lbD9lCospYAsQXL3VQJhyu12vc`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","ibm_token":"hMXjxRgP5IM8K6rAvrCe26Bb_Bp9_4Dh02gPxIw5WHmL"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync ibm_secret=YZ6oBh-zJrTIJGJ8O3uWBZKH1oCZ0w-Vn-IyQIJSmLJl attempt=2`,
			},
			FalsePositives: []string{
				`IBM_API_KEY=${IBM_API_KEY}`,
				`ibm_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefgh"`,
				`xibmish_ref=6R9yGjDhvMto64Ch2HgAYeHeQT1kG3xiJY47KMLN-Pv3`,
			},
		},
	}
}
