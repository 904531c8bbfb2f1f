package queries

// PostHog keys: phc_ project keys are embedded in web pages (low), phx_ personal keys are secret.
func postHogRules() []*Rule {
	return []*Rule{
		{
			ID: "posthog-project-api-key", Description: "PostHog project API key", Severity: Low,
			Provider: "PostHog", Peers: []string{"posthog-project-api-key"},
			Keywords:   []string{"phc_"},
			Regex:      `(phc_[A-Za-z0-9_-]{41,44})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0, PreviewPrefix: 4,
			TruePositives: []string{
				`POSTHOG_KEY=phc_J8dKKViSMv5Jkp93ZxOxdvbKAMUnK2bnoTLy6I3EasO`,
				`GET /v1/account?key=phc_TcXxIHSMEOoTIvHIzQHcLVHbNZ1q2xlTHwLaIoHDIzr&page=2 HTTP/1.1 401`,
			},
			FalsePositives: []string{
				`POSTHOG_KEY=phc_<your-token>`,
				`POSTHOG_KEY=phc_x5bb2u0c0ikq6eoo302ickRn9C7J2WSaQ7sZ1wCI`,
			},
		},
		{
			ID: "posthog-personal-api-key", Description: "PostHog personal API key", Severity: High,
			Provider: "PostHog", Peers: []string{"posthog-personal-api-key"},
			Keywords:   []string{"phx_"},
			Regex:      `(phx_[A-Za-z0-9_-]{41,49})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0, PreviewPrefix: 4,
			TruePositives: []string{
				`POSTHOG_PERSONAL_API_KEY=phx_8w8xHnmXZBYTPERJ7gCmVxKI0adMftyKdeCswdrr9lKtifo`,
				`{"level":"error","msg":"retrying call","token":"phx_Cv04DUCtmZRWbDoxpx6Q1NK4GFLmNxYp9pl8Xam6ctCaAlk"}`,
			},
			FalsePositives: []string{
				`POSTHOG_PERSONAL_API_KEY=phx_<your-token>`,
				`POSTHOG_PERSONAL_API_KEY=phx_J4jUxoTXlt2VjON2o2pSNGUyCOhbdlCJifM2zXYU`,
			},
		},
	}
}
