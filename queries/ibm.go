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
			Validators:  []Validator{noRuns, mixedCase},
			MinEntropy:  4.4,
			TruePositives: []string{
				`IBM_API_KEY=PKAGN6lQzhfEIS0y6OW8QMFAM5-OSN0MdMdIRJrwnTzu`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","ibm_token":"OLf_eH6qLOjVgudSXWiDc7GjJLW7FTd7ER-2a5r8gSTJ"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync ibm_secret=5GXU3U61cG_Uqezi4shdDH5MFse57jcrIgLfZRcdVHi3 attempt=2`,
			},
			FalsePositives: []string{
				`IBM_API_KEY=${IBM_API_KEY}`,
				`ibm_token: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefgh"`,
				`xibmish_ref=wlozhWsKeRCm3820Cxfw-2WBsor45zIgvvKrQh47Ogtn`,
			},
		},
	}
}
