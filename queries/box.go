package queries

// Box credentials.
func boxRules() []*Rule {
	return []*Rule{
		{
			ID:          "box-api-access-token",
			Description: "Box developer or access token next to its name",
			Severity:    High,
			Provider:    "Box",
			Peers:       []string{"box-api-access-token"},
			Keywords:    []string{"box_", "box-", "boxtoken", "boxaccess", "boxdeveloper", "boxapi"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("box"), `([A-Za-z0-9]{32})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.7,
			TruePositives: []string{
				`BOX_DEVELOPER_TOKEN="Dk7ZmsjUKizvL2z0WiaLvMBeQ756XCGG"`,
				`box_access_token = 'A4bC5dE6fG7hI8jK9lM0nO1pQ2rS3tU4'`,
				`{"level":"debug","msg":"box upload","boxAccessToken":"q8Wm3Nv7Xk2Lp9Rt4Yb6Zc1Hd5Fg0Js2"}`,
			},
			FalsePositives: []string{
				`BOX_DOC_URL="https://developer.box.com"`,
				`sandbox_mode = true`,
				`box_access_token=${BOX_ACCESS_TOKEN}`,
			},
		},
	}
}
