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
			MinEntropy:    4.3,
			PreviewPrefix: 16,
			TruePositives: []string{
				`CONFIGCAT_SDK_KEY=configcat-sdk-1/k1wldoalLSpTqTN7aEDEBz/raSSSZbLh0Lg8F8SXqi7M1`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"configcat-sdk-1/c03orayhWtblM7P2mc7B-_/vrCmVz_IVIv4VShR5fK2o8"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer configcat-sdk-1/32Nng3lPyfq9xfsK4luYOo/0UfUyDNoO-xjT-kIhvARPt`,
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
				`CONFIGCAT_API_KEY=NRKbdhh1RjXzdBZlrtD_NS/lemlVOm-EQCMevHUK2zZEf`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","configcat_token":"EscfdSSI-63pH6i5qyZ4Ha/KuyAO7YuWkGG3VoO6i2Q6s"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync configcat_secret=PsUamm2VUsneX0v2EuNhXv/oXYnZ88wnUwUZF70Zrpvf_ attempt=2`,
			},
			FalsePositives: []string{
				`CONFIGCAT_API_KEY=${CONFIGCAT_API_KEY}`,
				`configcat_token: "0123456789ABCDEFGHIJKL/0123456789ABCDEFGHIJKL"`,
				`xconfigcatish_ref=7RM711EL9NYIIzlQEHJwqK/Ic7hxok5_60hkiW6xgZCWH`,
			},
		},
	}
}
