package queries

// ConfigCat credentials.
func configcatRules() []*Rule {
	return []*Rule{
		{
			ID:            "configcat-sdk-key-extended",
			Description:   "ConfigCat SDK key (configcat-sdk-1 format)",
			Severity:      Critical,
			Provider:      "ConfigCat",
			Peers:         []string{"configcat-sdk-key-extended"},
			Keywords:      []string{"configcat-sdk-1/"},
			Regex:         `(configcat-sdk-1/[A-Za-z0-9_-]{22}/[A-Za-z0-9_-]{22})(?:[^A-Za-z0-9\-_]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    4.4,
			PreviewPrefix: 16,
			TruePositives: []string{
				`CONFIGCAT_SDK_KEY=configcat-sdk-1/fJcexp9I9wNSHWF8SKXC0D/6sWB3AG2zBQcUfD0ugXVat`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"configcat-sdk-1/E1nNGDhiwBu3tiYx4gDG28/wJRZ8DHqeaC672c-ArFOlZ"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer configcat-sdk-1/M2WJVVlBd5bwrauxN8wD47/RQ1mxpNSgiDdKqBUdnCUnN`,
			},
			FalsePositives: []string{
				`CONFIGCAT_SDK_KEY=configcat-sdk-1/xxxxxxxxxxxxxxxxxxxxxx/xxxxxxxxxxxxxxxxxxxxxx`,
				`CONFIGCAT_SDK_KEY=configcat-sdk-1/0123456789ABCDEFGHIJKL/0123456789ABCDEFGHIJKL`,
			},
		},
		{
			ID:          "configcat-sdk-key",
			Description: "ConfigCat SDK key (legacy format) next to its name",
			Severity:    High,
			Provider:    "ConfigCat",
			Peers:       []string{"configcat-sdk-key"},
			Keywords:    []string{"configcat"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("configcat"), `([A-Za-z0-9_-]{22}/[A-Za-z0-9_-]{22})(?:[^A-Za-z0-9\-_]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.1,
			TruePositives: []string{
				`CONFIGCAT_API_KEY=xEm-LnA_mnQ3V_iF-lvxmE/uZN3gx1FgGl5XRFUG7ipyu`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","configcat_token":"FhVHJL01mXiMq_XJCA6Uhl/aBqJ89a3Rt7Ky2TjhVVF0H"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync configcat_secret=kz-pzC2AUQOzHJUluO2vPN/BMbHXQSgHT6k11he-5oWG6 attempt=2`,
			},
			FalsePositives: []string{
				`CONFIGCAT_API_KEY=${CONFIGCAT_API_KEY}`,
				`configcat_token: "0123456789ABCDEFGHIJKL/0123456789ABCDEFGHIJKL"`,
				`xconfigcatish_ref=wGcJkrePMDxvW9d-yc00VY/R1SMxGy5gyNNU8_BCvA6m1`,
			},
		},
	}
}
