package queries

// GC Notify credentials.
func gcnotifyRules() []*Rule {
	return []*Rule{
		{
			ID:          "canadian-digital-service-notify-api-key",
			Description: "GC Notify (Canadian Digital Service) API key",
			Severity:    Critical,
			Provider:    "GC Notify",
			Peers:       []string{"canadian-digital-service-notify-api-key"},
			Keywords:    []string{"gcntfy-", "GCNTFY-"},
			// The prefix in lower or upper case (case-sensitive literals for the store); the
			// name and ids in any case.
			Regex:         `\b((?:gcntfy|GCNTFY)-(?i:[a-z0-9_]+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}))\b`,
			Validators:    []Validator{noRuns, noRuns},
			MinEntropy:    3.0,
			PreviewPrefix: 7,
			TruePositives: []string{
				`NOTIFY_API_KEY=gcntfy-ujkraxcihw-a6f29554-7516-5cd1-1d9b-f09f484cceca-ad5284cd-9db0-7291-5a1e-f2499779fb61`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"gcntfy-llntlaxsgt-236c06c8-38d8-cf26-543b-edf8cc477405-ebc3f9cc-d4f2-4e19-0dff-b7689267c0e4"}`,
				`Authorization: "ApiKey-v1 GCNTFY-QPWZRTXKLM-5B1E9C3A-72D4-4F8B-9A6E-0C3D7B2F1E84-9E4A2C7B-1D3F-4A6C-8B2E-7F0D5C9A3B16"`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer gcntfy-xwstbseujx-f95bf8a7-6479-8f57-af0d-c782b76c8766-b0902ca9-cda0-8797-edeb-e1e9052feae1`,
			},
			FalsePositives: []string{
				`NOTIFY_API_KEY=gcntfy-xxxxxxxxxx-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`,
				`NOTIFY_API_KEY=gcntfy-abcdefghij-01234567-0123-0123-0123-0123456789ab-01234567-0123-0123-0123-0123456789ab`,
			},
		},
	}
}
