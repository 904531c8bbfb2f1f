package queries

// GC Notify credentials.
func gcnotifyRules() []*Rule {
	return []*Rule{
		{
			ID:            "canadian-digital-service-notify-api-key",
			Description:   "GC Notify (Canadian Digital Service) API key",
			Severity:      Critical,
			Provider:      "GC Notify",
			Peers:         []string{"canadian-digital-service-notify-api-key"},
			Keywords:      []string{"gcntfy-"},
			IgnoreCase:    true,
			Regex:         `(?i:\b(gcntfy-[a-z0-9_]+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b)`,
			Validators:    []Validator{noRuns, noRuns},
			MinEntropy:    3.0,
			PreviewPrefix: 7,
			TruePositives: []string{
				`NOTIFY_API_KEY=gcntfy-_jgewugjrt-df6e88f0-9fed-8fd1-25dd-241c15be9157-30e81f5e-dbf4-2d77-cfcd-8f5fc35fc261`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"gcntfy-ussb_szupf-88c63555-fdb5-fc2d-eb7c-b59fdecfe361-6c50f7d8-8810-951d-31f1-da360987650b"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer gcntfy-fzenriaita-1b3e0b84-4eb2-c0be-528f-26c439fffd5b-d0ed716e-fe14-a90b-cf4c-5842481467f5`,
			},
			FalsePositives: []string{
				`NOTIFY_API_KEY=gcntfy-xxxxxxxxxx-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`,
				`NOTIFY_API_KEY=gcntfy-abcdefghij-01234567-0123-0123-0123-0123456789ab-01234567-0123-0123-0123-0123456789ab`,
			},
		},
	}
}
