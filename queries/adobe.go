package queries

// Adobe credentials.
func adobeRules() []*Rule {
	return []*Rule{
		{
			ID:          "adobe-client-id",
			Description: "Adobe OAuth client id next to its name",
			Severity:    Medium,
			Provider:    "Adobe",
			Peers:       []string{"adobe-client-id"},
			Keywords:    []string{"adobe"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("adobe"), `([0-9a-f]{32})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.0,
			TruePositives: []string{
				`ADOBE_API_KEY=59a6d5bb0f44d202ab7045e4eefec778`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","adobe_token":"1e973b9b1873224e95ac53077d587ec3"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync adobe_secret=d3bb56a368826bce8289defa7af72b04 attempt=2`,
			},
			FalsePositives: []string{
				`ADOBE_API_KEY=${ADOBE_API_KEY}`,
				`adobe_token: "0123456789abcdef0123456789abcdef"`,
				`xadobeish_ref=3290f7cd6a9b62dbb8e941482bff0e2e`,
			},
		},
		{
			ID:            "adobe-client-secret",
			Description:   "Adobe OAuth client secret (p8e- format)",
			Severity:      Critical,
			Provider:      "Adobe",
			Peers:         []string{"adobe-client-secret"},
			Keywords:      []string{"p8e-"},
			Regex:         `(p8e-[A-Za-z0-9]{32})(?:[^A-Za-z0-9]|$)`,
			Validators:    []Validator{noRuns, digitAndLetter},
			MinEntropy:    3.0,
			PreviewPrefix: 4,
			TruePositives: []string{
				`ADOBE_CLIENT_SECRET=p8e-MXm6T2YPrMT6HnF1pyaoPvJ0JlMHo14E`,
				`{"ts":"2026-11-04T09:12:44Z","level":"error","msg":"upstream auth failed","token":"p8e-aeO1hfrUb5kvJ6S7TRQCc9MarxJaEysA"}`,
				`2026-11-04 09:12:44,311 DEBUG [http] > Authorization: Bearer p8e-wDLaXB2qK3DzDhDa7Ty8Msm67ZmVWdJi`,
			},
			FalsePositives: []string{
				`ADOBE_CLIENT_SECRET=p8e-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
				`ADOBE_CLIENT_SECRET=p8e-0123456789ABCDEFGHIJKLMNOPQRSTUV`,
				`ADOBE_CLIENT_SECRET=p8e-RlEFAQfLxFPLDXQSiTJE9iqa83UT5`,
			},
		},
	}
}
