package queries

// Sidekiq Pro/Enterprise gem server credentials (8 hex : 8 hex).
func sidekiqRules() []*Rule {
	return []*Rule{
		{
			ID: "sidekiq-secret", Description: "Sidekiq Pro/Enterprise credentials in their Bundler variable", Severity: High,
			Provider: "Sidekiq", Peers: []string{"sidekiq-secret"},
			Keywords:   []string{"BUNDLE_ENTERPRISE__CONTRIBSYS__COM", "BUNDLE_GEMS__CONTRIBSYS__COM"},
			Regex:      assigned(named(`BUNDLE_(?:ENTERPRISE|GEMS)__CONTRIBSYS__COM`), `([a-f0-9]{8}:[a-f0-9]{8})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 2.5,
			TruePositives: []string{
				`BUNDLE_GEMS__CONTRIBSYS__COM=50fc03c1:437ac9fc`,
				`  BUNDLE_ENTERPRISE__CONTRIBSYS__COM: "55638384:db0f5656"`,
			},
			FalsePositives: []string{
				`BUNDLE_GEMS__CONTRIBSYS__COM=${BUNDLE_GEMS__CONTRIBSYS__COM}`,
				`BUNDLE_GEMS__CONTRIBSYS__COM=b5475:ed530`,
			},
		},
	}
}
