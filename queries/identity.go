package queries

// Identity providers.
func identityRules() []*Rule {
	return []*Rule{{
		ID:          "okta-api-token",
		Description: "Okta API token (SSWS header or next to its name)",
		Severity:    Critical,
		Keywords:    []string{"ssws", "okta"},
		IgnoreCase:  true,
		Regex:       `(?:\b` + cased("ssws") + `\s+|` + assigned(cased("okta")+`[A-Za-z0-9_.-]{0,25}`, ``) + `)(00[A-Za-z0-9_-]{40})(?:[^A-Za-z0-9_-]|$)`,
		Validators:  []Validator{mixedCase},
		MinEntropy:  4.0,
		TruePositives: []string{
			`Authorization: SSWS 00DIqykF8THiZDU4zimLdPdiEriEG_tGuip7cVfJZP`,
			`OKTA_API_TOKEN=00WZp2aq7Tj4ucFTJZJIspiXulBHaq7VgrgIEMVck-`,
			`okta.client.token ?= 00-nYlzQ41YYYFdW1wzPPNmChnv4paRU78c2qXXXfz`,
			`{"level":"debug","msg":"okta request","headers":{"Authorization":"SSWS 00M3x_G_jfWjTIEt-XbRyj49SrnnN0q3hTLjew8yXV"}}`,
		},
		FalsePositives: []string{`Authorization: SSWS ${OKTA_API_TOKEN}`, `{"rookTable":"00Tq3VbX8nZ2kLw5RyP7mJ4cH9sD6fG1aE0uWxYz-_"}`, `okta_org_id=00o1abcdefghijklmnopqrstuvwxyzabcdefghijkl`},
	}, {
		ID:          "auth0-client-secret",
		Description: "Auth0 application client secret next to its name",
		Severity:    Critical,
		Keywords:    []string{"auth0"},
		IgnoreCase:  true,
		Regex:       assigned(`(?i:auth0)[A-Za-z0-9_.-]{0,20}`+cased("secret"), `([A-Za-z0-9_-]{64})(?:[^A-Za-z0-9_-]|$)`),
		Validators:  []Validator{mixedCase},
		MinEntropy:  4.5,
		TruePositives: []string{
			`AUTH0_CLIENT_SECRET=63grxGtM-dfI82DbFMNtMTGrWIZFp797N_mXVsJITMX0ygG9bpIRT5Y9EJN4LXsU`,
			`<Auth0ClientSecret>iyYDgqs0XFiV9gJAuTPZAT8ix-_lfInUMt3_hQWbkfKhbkpV0snQWQT0z0h9kune</Auth0ClientSecret>`,
			`{"auth0":{"domain":"acme.eu.auth0.com"},"auth0ClientSecret":"l8YQ7G-PRIfT8TIHIr8MvYZjLlUfYsJNwM5RTX6w_3TWtzC-BejyQFSS57C0HyfG"}`,
		},
		FalsePositives: []string{`AUTH0_CLIENT_SECRET=<client-secret>`, `AUTH0_CLIENT_SECRET=${AUTH0_CLIENT_SECRET}`},
	}}
}
