package queries

func thunderstoreRules() []*Rule {
	return []*Rule{
		{
			ID: "thunderstore-api-token", Description: "Thunderstore API token", Severity: Medium,
			Provider: "Thunderstore", Peers: []string{"thunderstore-api-token.1"},
			Keywords:   []string{"tss_"},
			Regex:      `(tss_[A-Za-z0-9_-]{20,80})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0, PreviewPrefix: 4,
			TruePositives: []string{
				`THUNDERSTORE_TOKEN=tss_KBQt5nSdKByAurcbtbvmjdoJJxmC69wvoN0ZtEEG`,
				`ts=2026-12-07T09:14:03Z level=warn msg="config loaded" api_key=tss_u9njOKcUdL7J7jt0SytDqWw0UsuwDvIIh7JHa7T6`,
			},
			FalsePositives: []string{
				`THUNDERSTORE_TOKEN=tss_<your-token>`,
				`THUNDERSTORE_TOKEN=tss_QuXNDDQ0HHhANnSZSsU`,
			},
		},
	}
}
