package queries

func upCloudRules() []*Rule {
	return []*Rule{
		{
			ID: "upcloud-api-token", Description: "UpCloud API token", Severity: Critical,
			Provider: "UpCloud", Peers: []string{"upcloud-api-token"},
			Keywords:   []string{"ucat_"},
			Regex:      `(ucat_[0-9A-Za-z]{24,32})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.5, PreviewPrefix: 5,
			TruePositives: []string{
				`UPCLOUD_TOKEN=ucat_RRKMKDPACIJQXZKVG3KQHSA4RH`,
				`{"level":"error","msg":"deploy step","token":"ucat_7NA4J1A4QBZOM3MKTHT0MOG2KG"}`,
			},
			FalsePositives: []string{
				`UPCLOUD_TOKEN=ucat_<your-token>`,
				`UPCLOUD_TOKEN=ucat_1JLDBD84OS1N0WSW6Y37J4K`,
			},
		},
	}
}
