package queries

func unkeyRules() []*Rule {
	return []*Rule{
		{
			ID: "unkey-root-key", Description: "Unkey root key", Severity: Critical,
			Provider: "Unkey", Peers: []string{"unkey-root-key.1"},
			Keywords:   []string{"unkey_"},
			Regex:      `(unkey_[A-Za-z0-9]{20,32})` + valueEnd,
			Validators: []Validator{twoClasses},
			MinEntropy: 3.5, PreviewPrefix: 6,
			TruePositives: []string{
				`UNKEY_ROOT_KEY=unkey_cM4FEsaQngnUwB8cegO7coxW`,
				`ts=2026-12-07T09:14:03Z level=warn msg="client init" api_key=unkey_LJmTZ5X8qQCq6acXF0x2CpBe`,
			},
			FalsePositives: []string{
				`UNKEY_ROOT_KEY=unkey_<your-token>`,
				`UNKEY_ROOT_KEY=unkey_eVas5MQKfdr8y0bZoqC`,
			},
		},
	}
}
