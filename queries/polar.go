package queries

// Polar (polar.sh) organization, personal and OAuth access tokens.
func polarRules() []*Rule {
	return []*Rule{
		{
			ID: "polar-organization-access-token", Description: "Polar organization access token", Severity: High,
			Provider: "Polar", Peers: []string{"polar-organization-access-token"},
			Keywords:   []string{"polar_oat_"},
			Regex:      `(polar_oat_[A-Za-z0-9_-]{20,100})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0, PreviewPrefix: 10,
			TruePositives: []string{
				`POLAR_ACCESS_TOKEN=polar_oat_hofswtmGEKylqgwmGxx8XCDo4MWc66oYhs8G9onGJy1`,
				`GET /v1/account?key=polar_oat_2wLhpt546zG4z4qkD57dx0RLvM2cPJQo0dWqksNsKkn&page=2 HTTP/1.1 401`,
			},
			FalsePositives: []string{
				`POLAR_ACCESS_TOKEN=polar_oat_<your-token>`,
				`POLAR_ACCESS_TOKEN=polar_oat_BERbgjhZDcDtyXWv7yb`,
			},
		},
		{
			ID: "polar-personal-access-token", Description: "Polar personal access token", Severity: High,
			Provider: "Polar", Peers: []string{"polar-personal-access-token"},
			Keywords:   []string{"polar_pat_"},
			Regex:      `(polar_pat_[A-Za-z0-9_-]{20,100})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0, PreviewPrefix: 10,
			TruePositives: []string{
				`POLAR_PAT=polar_pat_eDOClkZSE9ifwUvpDuKslwEobtaoaWfYhIHU6lYCob1`,
				`Authorization: Bearer polar_pat_9U0vywUJO3Hc0mag36fjT7Ou3u7VRqcSUJANgtwNwVY`,
			},
			FalsePositives: []string{
				`POLAR_PAT=polar_pat_<your-token>`,
				`POLAR_PAT=polar_pat_IbDrLssAUm6ax8WSqYM`,
			},
		},
		{
			ID: "polar-oauth-access-token", Description: "Polar OAuth access token", Severity: High,
			Provider: "Polar", Peers: []string{"polar-oauth-access-token"},
			Keywords:   []string{"polar_at_"},
			Regex:      `(polar_at_[A-Za-z0-9_-]{20,100})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0, PreviewPrefix: 9,
			TruePositives: []string{
				`POLAR_OAUTH_TOKEN=polar_at_pmCmefTslFbcaLbmuWCUcdKg7vCmHxefTjmIduAScP2`,
				`ts=2026-12-07T09:14:03Z level=warn msg="request failed" api_key=polar_at_ZA77kCY9HA5Jd5Hy7AtsBsBwghwmZMQDgzuzvcUePFY`,
			},
			FalsePositives: []string{
				`POLAR_OAUTH_TOKEN=polar_at_<your-token>`,
				`POLAR_OAUTH_TOKEN=polar_at_0eLOETzNIwWwdeaHLSL`,
			},
		},
	}
}
