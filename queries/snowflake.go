package queries

func snowflakeRules() []*Rule {
	return []*Rule{
		{
			ID: "snowflake-programmatic-access-token", Description: "Snowflake programmatic access token next to its name", Severity: Critical,
			Provider: "Snowflake", Peers: []string{"snowflake-programmatic-access-token.1"},
			Keywords:   []string{"snowflake", "SNOWFLAKE", "Snowflake"},
			Regex:      assigned(namedCredential(`(?:snowflake|SNOWFLAKE|Snowflake)`), `([A-Za-z0-9_-]{100,500})`+valueEnd),
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.5,
			TruePositives: []string{
				`SNOWFLAKE_TOKEN=VEQ7yG6p_MvF4WqMDyIQipPNuuVL2g4W5Zq-ncPDqNyZ1oXbmvk5_O-faOv_5ywCnRGKN7N7PfKcNYs90cLFwitvC_Vs45b7AV7E95XYMTg4kHJWCfju1tM4nLG6JxAszB1apsAZZWmHePWHiF3_vowGVLbG-bC3KK-ZU5tPwGh4rouEwz19`,
				`  snowflake_token: "_vkP3mTceibuHERtWeodgJ7RcK08ZwXXNGss17RN8J7848QUDo_wnGFuUHWvM3rwkOk1pPmmMgE7jLfbeiIR47dwuzPrwfNB6_35cqfnv4AbmlTE7iSnRhPhHtzLRrTYKn8V249Jaqwkq1f7P1Khi3jiaoWtoZLfcW41NF-QwG_V2C12eRhs"`,
			},
			FalsePositives: []string{
				`SNOWFLAKE_TOKEN=${SNOWFLAKE_TOKEN}`,
				`SNOWFLAKE_TOKEN=abcdefgh_abcdefghijklmnopqrstuvwxyz-abcdefghijklmnop_A-abcd_abcdefghijklmnopqrstuvwxyz012_abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstu_abcdefgh-abcde-abcdefghijklmnopq`,
			},
		},
	}
}
