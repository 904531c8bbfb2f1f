package queries

// ClickUp credentials.
func clickupRules() []*Rule {
	return []*Rule{
		{
			ID:          "clickup-personal-api-token",
			Description: "ClickUp personal API token next to its name",
			Severity:    High,
			Provider:    "ClickUp",
			Peers:       []string{"clickup-personal-api-token"},
			Keywords:    []string{"clickup"},
			IgnoreCase:  true,
			Regex:       assigned(nameWords("clickup"), `(pk_[0-9]{8}_[A-Z0-9]{32})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  4.1,
			TruePositives: []string{
				`CLICKUP_API_KEY=pk_38012699_46SIU1QQLJPR61304I7DYV4DOACPJ1KX`,
				`{"ts":"2026-11-04T09:12:44Z","level":"info","msg":"client configured","clickup_token":"pk_98722389_QZ5A99FP8SJ05SUIC8BBN1O21H7RUK25"}`,
				`time=2026-11-04T09:13:02Z level=debug component=sync clickup_secret=pk_12967898_Y9YAU9MRE5VJ82QEMO7MX3O4HIDCL86G attempt=2`,
			},
			FalsePositives: []string{
				`CLICKUP_API_KEY=${CLICKUP_API_KEY}`,
				`clickup_token: "pk_01234567_0123456789ABCDEFGHIJKLMNOPQRSTUV"`,
				`xclickupish_ref=pk_09681293_D8ZOLRAAGPXZXMRYR5585LCH32IWIHKR`,
			},
		},
	}
}
