package queries

// Sentry tokens beside the sntrys_/sntryu_ ones in observability.go: legacy 64-hex auth tokens next to their name.
func sentryRules() []*Rule {
	return []*Rule{
		{
			ID: "sentry-access-token", Description: "Sentry auth token (legacy, 64 hex) next to its name", Severity: High,
			Provider: "Sentry", Peers: []string{"sentry-access-token"},
			Keywords:   []string{"sentry", "SENTRY", "Sentry"},
			Regex:      assigned(namedCredential(`(?:sentry|SENTRY|Sentry)`), `([a-f0-9]{64})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.2,
			TruePositives: []string{
				`SENTRY_AUTH_TOKEN=f661d95cdf6c1667c08745d2d10f4b2ca60e6890f3df80748b50ab6544e9d847`,
				`ts=2026-12-07T09:14:03Z level=debug msg="config loaded" sentry_token=2b52c637cf83130227d0016f661a8d7237520ba712a87608a18b5ec7b50ccff9`,
			},
			FalsePositives: []string{
				`SENTRY_AUTH_TOKEN=${SENTRY_AUTH_TOKEN}`,
				`SENTRY_AUTH_TOKEN=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef`,
			},
		},
	}
}
