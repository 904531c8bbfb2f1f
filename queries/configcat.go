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
			Validators:    []Validator{noRuns, mixedCase},
			MinEntropy:    4.7,
			PreviewPrefix: 16,
			TruePositives: []string{
				`CONFIGCAT_SDK_KEY=configcat-sdk-1/Iy1mkL5sDhn6lzv486WS_z/zkqCA32-mXs1bY0SIC_RLU`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"configcat-sdk-1/TMTqkywh0K6rjokPnXql0p/XGngoAF2Pa5nkTkejL2oBM"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer configcat-sdk-1/mxlSvUqtFDgI8VTX4NY_DJ/lJe_Wh7ew67OFA6jNOhDoA`,
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
			Validators:  []Validator{noRuns, mixedCase},
			MinEntropy:  4.4,
			TruePositives: []string{
				`CONFIGCAT_API_KEY=-yZ4Z-sHt9ualvlsi5vLcq/JckVDt-SoYkFOHEqb4Yxda`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","configcat_token":"_EnuJCU0ppmPT-O9t8aRko/bBhndxhnJgSMHNmL1yXCQ4"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync configcat_secret=wImbXTf5mTgrL8H2N6PgQT/ojbPQc38qQvvCrz5bLoE9C attempt=2`,
			},
			FalsePositives: []string{
				`CONFIGCAT_API_KEY=${CONFIGCAT_API_KEY}`,
				`configcat_token: "0123456789ABCDEFGHIJKL/0123456789ABCDEFGHIJKL"`,
				`xconfigcatish_ref=-HyG2auS7Uxe_cxRrEu3Tq/0ioMm4obta6wQ0zdPQ-M1z`,
			},
		},
	}
}
