package queries

// DevCycle credentials.
func devcycleRules() []*Rule {
	return []*Rule{
		{
			ID:            "devcycle-server-sdk-key",
			Description:   "DevCycle server SDK key",
			Severity:      High,
			Provider:      "DevCycle",
			Peers:         []string{"devcycle-server-sdk-key"},
			Keywords:      []string{"dvc_server_"},
			Regex:         `(dvc_server_[A-Za-z0-9_-]{16,96})(?:[^A-Za-z0-9_-]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    3.4,
			PreviewPrefix: 11,
			TruePositives: []string{
				`DEVCYCLE_SERVER_SDK_KEY=dvc_server_gvYIiaPsQuGG243qXLXWtnf46K82`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"dvc_server_Wbr1QHVkRsK0Dw67rKq"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer dvc_server_P3vt1UdrFJULm1VcPUEiYCyFh`,
			},
			FalsePositives: []string{
				`DEVCYCLE_SERVER_SDK_KEY=dvc_server_xxxxxxxxxxxxxxxx`,
				`DEVCYCLE_SERVER_SDK_KEY=dvc_server_0123456789ABCDEF`,
				`DEVCYCLE_SERVER_SDK_KEY=dvc_server_q9HfKRzEXJOXB`,
			},
		},
		{
			ID:            "devcycle-client-sdk-key",
			Description:   "DevCycle client or mobile SDK key (shipped to clients; low)",
			Severity:      Low,
			Provider:      "DevCycle",
			Peers:         []string{"devcycle-client-sdk-key", "devcycle-mobile-sdk-key"},
			Keywords:      []string{"dvc_client_", "dvc_mobile_"},
			Regex:         `(dvc_(?:client|mobile)_[A-Za-z0-9_-]{16,96})(?:[^A-Za-z0-9_-]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    3.5,
			PreviewPrefix: 4,
			TruePositives: []string{
				`DEVCYCLE_CLIENT_SDK_KEY=dvc_client_7DUpb9vmQZHIK0ziAtjX`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"dvc_client_KqkHRu3LpSOY6EF2SleAz"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer dvc_client_O5KacG2CSPPNMGgJUO0tXu`,
			},
			FalsePositives: []string{
				`DEVCYCLE_CLIENT_SDK_KEY=dvc_client_xxxxxxxxxxxxxxxx`,
				`DEVCYCLE_CLIENT_SDK_KEY=dvc_client_0123456789ABCDEF`,
				`DEVCYCLE_CLIENT_SDK_KEY=dvc_client_U9GyFl9dd5CZx`,
			},
		},
	}
}
