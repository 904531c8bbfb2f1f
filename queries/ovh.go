package queries

// OVHcloud API credentials: application key, application secret and consumer key.
func ovhRules() []*Rule {
	return []*Rule{
		{
			ID: "ovh-application-key", Description: "OVHcloud application key next to its name", Severity: Medium,
			Provider: "OVHcloud", Peers: []string{"ovh-application-key"},
			Keywords:   []string{"ovh", "OVH", "Ovh"},
			Regex:      assigned(named(`(?:ovh|OVH|Ovh)(?i:[A-Za-z0-9_.-]{0,20}app(?:lication)?[_.-]?key)`), `([A-Za-z0-9]{16})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.0,
			TruePositives: []string{
				`OVH_APPLICATION_KEY=SbJ1erewcBhQdti7`,
				`ts=2026-12-07T09:14:03Z level=debug msg="request failed" ovh_app_key=NWsFXFDLDAxCLn9l`,
			},
			FalsePositives: []string{
				`OVH_APPLICATION_KEY=${OVH_APPLICATION_KEY}`,
				`OVH_APPLICATION_KEY=h8o9YGAUfSc7E`,
			},
		},
		{
			ID: "ovh-application-secret", Description: "OVHcloud application secret next to its name", Severity: Critical,
			Provider: "OVHcloud", Peers: []string{"ovh-application-secret"},
			Keywords:   []string{"ovh", "OVH", "Ovh"},
			Regex:      assigned(named(`(?:ovh|OVH|Ovh)(?i:[A-Za-z0-9_.-]{0,20}app(?:lication)?[_.-]?secret)`), `([A-Za-z0-9]{32})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.5,
			TruePositives: []string{
				`OVH_APPLICATION_SECRET=WmKBy1PPIkIh5yecKt7VZ3iE8wUcCiDd`,
				`  ovh_app_secret: "jsA0m6yfdUOmCfJL0mpJ8QFuzhMD40Qu"`,
			},
			FalsePositives: []string{
				`OVH_APPLICATION_SECRET=${OVH_APPLICATION_SECRET}`,
				`OVH_APPLICATION_SECRET=abcdefghijklmnopqrstuvwxyz012345`,
			},
		},
		{
			ID: "ovh-consumer-key", Description: "OVHcloud consumer key next to its name", Severity: Critical,
			Provider: "OVHcloud", Peers: []string{"ovh-consumer-key"},
			Keywords:   []string{"ovh", "OVH", "Ovh"},
			Regex:      assigned(named(`(?:ovh|OVH|Ovh)(?i:[A-Za-z0-9_.-]{0,20}consumer[_.-]?key)`), `([A-Za-z0-9]{32})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.5,
			TruePositives: []string{
				`OVH_CONSUMER_KEY=ZkNfCylmnO07K8PMN4LeHUH4isKXjF63`,
				`{"level":"info","msg":"config loaded","ovhConsumerKey":"q8FeVk8u5OIEiWNY4USynkgnCJ9duj9Y"}`,
			},
			FalsePositives: []string{
				`OVH_CONSUMER_KEY=${OVH_CONSUMER_KEY}`,
				`OVH_CONSUMER_KEY=OvjxaQva4fYjoA0JWtmitDmKnwEKI`,
			},
		},
	}
}
