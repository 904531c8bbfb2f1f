package queries

// WakaTime API keys: waka_<uuid>, or a bare UUID next to the name.
func wakaTimeRules() []*Rule {
	return []*Rule{
		{
			ID: "wakatime-api-key", Description: "WakaTime API key", Severity: Medium,
			Provider: "WakaTime", Peers: []string{"wakatime-api-key.2"},
			Keywords:   []string{"waka_"},
			Regex:      `(waka_[a-z0-9-]{36,64})` + valueEnd,
			MinEntropy: 3.0, PreviewPrefix: 5,
			TruePositives: []string{
				`WAKATIME_API_KEY=waka_2fbb1cce-2061-da1e-b725-c44d08c35d20`,
				`Authorization: Bearer waka_0e1fc3fa-7cd7-e055-17f1-5fa80bbe074b`,
			},
			FalsePositives: []string{
				`WAKATIME_API_KEY=waka_<your-token>`,
				`WAKATIME_API_KEY=waka_2ulu7khyz85biv9nkz62`,
			},
		},
		{
			ID: "wakatime-api-key-named", Description: "WakaTime API key (UUID) next to its name", Severity: Medium,
			Provider: "WakaTime", Peers: []string{"wakatime-api-key.1"},
			Keywords:   []string{"wakatime", "WAKATIME", "Wakatime", "wakaTime", "WakaTime", "waka_time", "WAKA_TIME", "Waka_time", "waka-time", "WAKA-TIME", "Waka-time", "waka.time", "WAKA.TIME", "Waka.time"},
			Regex:      assigned(namedCredential(`(?:wakatime|WAKATIME|Wakatime|wakaTime|WakaTime|waka_time|WAKA_TIME|Waka_time|waka-time|WAKA-TIME|Waka-time|waka\.time|WAKA\.TIME|Waka\.time)`), `([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})`+valueEnd),
			MinEntropy: 3.0,
			TruePositives: []string{
				`WAKATIME_API_KEY=d0588b14-cfd1-75e6-8c0e-30a205aa89b4`,
				`  wakatime_api_key: "e3e566af-0323-1415-f05d-6ddf82fdef36"`,
			},
			FalsePositives: []string{
				`WAKATIME_API_KEY=${WAKATIME_API_KEY}`,
			},
		},
	}
}
