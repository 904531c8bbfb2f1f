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
				`NOTIFY_API_KEY=gcntfy-tvggzbuuag-6fe32423-9e23-152b-ec0a-f42ad9805473-760f6c10-6649-d590-c856-1340c9fed27f`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"gcntfy-puuuxqsxjr-87c4191c-68af-e1ec-2707-d3cee9b86201-4ef70b73-374f-3042-5bf3-d254f0ce00ec"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer gcntfy-sqyylpfqbf-826ad567-c707-15ca-10dc-dca3faf0e2f2-bc005e6a-d280-ad07-daf9-863bbdd98fe7`,
			},
			FalsePositives: []string{
				`NOTIFY_API_KEY=gcntfy-xxxxxxxxxx-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`,
				`NOTIFY_API_KEY=gcntfy-abcdefghij-01234567-0123-0123-0123-0123456789ab-01234567-0123-0123-0123-0123456789ab`,
			},
		},
	}
}
