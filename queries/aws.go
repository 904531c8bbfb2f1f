package queries

func awsRules() []*Rule {
	return []*Rule{{
		ID:            "aws-access-key-id",
		Description:   "AWS access key ID",
		Severity:      Critical,
		Keywords:      []string{"AKIA", "ASIA", "ABIA", "ACCA"},
		Regex:         `\b((?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b`,
		PreviewPrefix: 4,
		TruePositives: []string{
			`{"level":"info","msg":"assume role","key":"AKIAZ7QEXH4NQ2JW5RTM"}`,
			`AWS_ACCESS_KEY_ID=ASIAY3VQ6MTLK2PB7XWE`,
		},
		FalsePositives: []string{
			`aws_access_key_id = AKIAIOSFODNN7EXAMPLE`,
			`blob=xAKIAZ7QEXH4NQ2JW5RTMx`,
		},
	}}
}
