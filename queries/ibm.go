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
				`IBM_API_KEY=ysq9OdmtOAMUm5LhO777tnihvB3poyiyGEkDvlD3k0Af`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","ibm_token":"ptQpzdgSPrCDyzZu1eSNB_a65U-uIfhaV6VSNzjyMFA_"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync ibm_secret=mkKL7UqfATp_L-rqHpVoFZMYOLqPd3GYr6sZK3Fx_apc attempt=2`,
			},
			FalsePositives: []string{
				`IBM_API_KEY=${IBM_API_KEY}`,
				`ibm_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefgh"`,
				`xibmish_ref=5vyan9b83wAATP5fiDymXObm7_LW8wzDtzHnwgTChlsF`,
			},
		},
	}
}
