package queries

// LaunchDarkly API access tokens (api-<uuid>) and SDK keys (sdk-<uuid>).
func launchDarklyRules() []*Rule {
	return []*Rule{
		{
			ID: "launchdarkly-access-token", Description: "LaunchDarkly access token or SDK key next to its name", Severity: High,
			Provider: "LaunchDarkly", Peers: []string{"launchdarkly-access-token"},
			Keywords:   []string{"launchdarkly", "LAUNCHDARKLY", "Launchdarkly", "launchDarkly", "LaunchDarkly"},
			Regex:      assigned(namedCredential(`(?:launchdarkly|LAUNCHDARKLY|Launchdarkly|launchDarkly|LaunchDarkly)`), `([A-Za-z0-9=_-]{40})`+valueEnd),
			MinEntropy: 3.0,
			TruePositives: []string{
				`LAUNCHDARKLY_ACCESS_TOKEN=api-ca644c75-06a5-a85e-b703-a1039f862e66`,
				`ts=2026-12-07T09:14:03Z level=debug msg="upload ok" launchdarkly_token=api-6459263a-8e78-3804-dc0f-4126f6f218b3`,
			},
			FalsePositives: []string{
				`LAUNCHDARKLY_ACCESS_TOKEN=${LAUNCHDARKLY_ACCESS_TOKEN}`,
			},
		},
	}
}
