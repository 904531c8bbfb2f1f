package queries

// SonarQube and SonarCloud tokens: squ_ (user), sqp_ (project) and sqa_ (global analysis) prefixes, or the older 40 hex digits next to their name.
func sonarRules() []*Rule {
	return []*Rule{
		{
			ID: "sonar-token", Description: "SonarQube token", Severity: High,
			Provider: "SonarQube", Peers: []string{"sonar-api-token"},
			Keywords:   []string{"squ_", "sqp_", "sqa_"},
			Regex:      `(sq[upa]_[a-f0-9]{40})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 3.2, PreviewPrefix: 4,
			TruePositives: []string{
				`SONAR_TOKEN=sqp_0efe823e17cdaf487b1a66444ac3d45c667a6a9d`,
				`GET /v1/account?key=sqp_ee66ffee8502097ccd6de1032b9a62a19eb4078e&page=2 HTTP/1.1 401`,
			},
			FalsePositives: []string{
				`SONAR_TOKEN=squ_<your-token>`,
				`SONAR_TOKEN=sqp_c6154a8d1a46df2f17f171050b0311da693f8`,
			},
		},
		{
			ID: "sonar-api-token", Description: "SonarQube or SonarCloud token next to its name", Severity: High,
			Provider: "SonarQube", Peers: []string{"sonar-api-token"},
			Keywords:   []string{"sonar", "SONAR", "Sonar"},
			Regex:      assigned(named(`(?:sonar|SONAR|Sonar)(?i:[_.-]?(?:login|token))`), `([A-Za-z0-9=_-]{40})`+valueEnd),
			Validators: []Validator{coveredByProvider, digitAndLetter},
			MinEntropy: 3.2,
			TruePositives: []string{
				`SONAR_LOGIN=526550003c8df97bc0a8436040c6496bab8a147c`,
				`ts=2026-12-07T09:14:03Z level=debug msg="request failed" sonar.login=b3abdbbbab00a905e58dcbee4edabc454f31b0b6`,
			},
			FalsePositives: []string{
				`SONAR_LOGIN=${SONAR_LOGIN}`,
				`SONAR_LOGIN=d11d870cda11a9519980cdd9022280f329d84`,
			},
		},
	}
}
