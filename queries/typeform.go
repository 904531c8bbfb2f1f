package queries

func typeformRules() []*Rule {
	return []*Rule{
		{
			ID: "typeform-api-token", Description: "Typeform personal access token", Severity: High,
			Provider: "Typeform", Peers: []string{"typeform-api-token"},
			Keywords:   []string{"tfp_"},
			Regex:      `(tfp_[A-Za-z0-9_.=-]{59})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0, PreviewPrefix: 4,
			TruePositives: []string{
				`TYPEFORM_TOKEN=tfp_auoleEarTE4TCd8KIjucrVPvr1Y6auVUQhg9B1EhyRvh_rmTeCMHbpdsMm7`,
				`ts=2026-12-07T09:14:03Z level=warn msg="request failed" api_key=tfp_iBObBN4F4uk8gb86HzYHmAfrAyjyNykvDAMp5NlarsJV_kzcfBC3xeNpAHF`,
			},
			FalsePositives: []string{
				`TYPEFORM_TOKEN=tfp_<your-token>`,
				`TYPEFORM_TOKEN=tfp_lT5jo3LnPs6MPXB3xGV622cEMuiapm3aJyNXLPZ2G_gJbFRjkXRUh`,
			},
		},
	}
}
