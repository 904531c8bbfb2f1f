package queries

func mergifyRules() []*Rule {
	return []*Rule{
		{
			ID: "mergify-application-key", Description: "Mergify application key", Severity: High,
			Provider: "Mergify", Peers: []string{"mergify-application-key"},
			Keywords:   []string{"mergify_application_key_"},
			Regex:      `(mergify_application_key_[A-Za-z0-9_-]{40,200})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.8, PreviewPrefix: 24,
			TruePositives: []string{
				`MERGIFY_TOKEN=mergify_application_key_ob_jcjPoSMORFexqkDLP5sVYA3ID6RygSL81PF7DodpSTbkm`,
				`GET /v1/account?key=mergify_application_key_yFyuae-RIk0hwqjOF5LnG62-P9pXXmP-EeL57SInX3x2GXAp&page=2 HTTP/1.1 401`,
			},
			FalsePositives: []string{
				`MERGIFY_TOKEN=mergify_application_key_<your-token>`,
				`MERGIFY_TOKEN=mergify_application_key_2kcifWFQJdyynIfA2-0LeKNx91kicNH_fvvIioA`,
			},
		},
	}
}
