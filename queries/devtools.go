package queries

// Developer platforms: data, infrastructure as code, issue trackers, Atlassian.
func devtoolsRules() []*Rule {
	return []*Rule{{
		ID: "databricks-token", Description: "Databricks personal access token", Severity: Critical,
		Keywords: []string{"dapi"}, Regex: `(dapi[a-f0-9]{32}(?:-[0-9])?)`,
		Validators: []Validator{digitAndLetter}, MinEntropy: 3.2, PreviewPrefix: 4,
		TruePositives: []string{
			`DATABRICKS_TOKEN=dapia21661c2a2277788a9a20e969b4708aa`,
			`{"host":"https://adb-1234567890123456.7.azuredatabricks.net","token":"dapi501664e52bf3fdac883eb2818685c7c1-2"}`,
		},
		FalsePositives: []string{`DATABRICKS_TOKEN=dapixxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`, `path=/api/2.0/dapi64b04961c3566044c0e3d20c53b984f4x`},
	}, {
		ID: "pulumi-access-token", Description: "Pulumi access token", Severity: Critical,
		Keywords: []string{"pul-"}, Regex: `(pul-[a-f0-9]{40})`, MinEntropy: 3.2, PreviewPrefix: 4,
		TruePositives: []string{
			`PULUMI_ACCESS_TOKEN=pul-7db3e14a50d2c8dee38204a235ff28bb5328e2a6`,
			`{"msg":"pulumi up","env":"PULUMI_ACCESS_TOKEN=pul-68aa2edc381780217d32728339b5f265ee6fc6ee"}`,
		},
		FalsePositives: []string{`PULUMI_ACCESS_TOKEN=pul-<token>`, `hash=apul-8aee2849f1b2f3bc9b6cff11119fe32cadca6413`},
	}, {
		ID: "linear-api-key", Description: "Linear API key", Severity: High,
		Keywords: []string{"lin_api_"}, Regex: `(lin_api_[A-Za-z0-9]{40})`, MinEntropy: 3.8, PreviewPrefix: 8,
		TruePositives: []string{
			`LINEAR_API_KEY=lin_api_wTDrq8jQS8KXJ5l8ZT2uNqrrwiS7Z0njcKlVwYby`,
			`{"headers":{"Authorization":"lin_api_quQjWDkj3pp38EBvGzpcN8AqsalJ5dnSC1Ey6ss0"}}`,
		},
		FalsePositives: []string{`LINEAR_API_KEY=lin_api_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`},
	}, {
		ID: "linear-oauth-token", Description: "Linear OAuth access token", Severity: High,
		Keywords: []string{"lin_oauth_"}, Regex: `(lin_oauth_[a-f0-9]{64})`, MinEntropy: 3.2, PreviewPrefix: 10,
		TruePositives: []string{
			`Authorization: Bearer lin_oauth_168b7d60d91f6d1136de5e11a8ad2237f246e8a1c8d660c2d7a415a358d8a859`,
			`{"access_token":"lin_oauth_cf9b984654b67ab5be03dce21b68b4bc152ec6e54a2941f907f9349c555a3c2e","token_type":"Bearer"}`,
		},
		FalsePositives: []string{`access_token=lin_oauth_<token>`},
	}, {
		ID: "atlassian-api-token", Description: "Atlassian (Jira, Confluence) API token", Severity: High,
		Keywords: []string{"ATATT3"}, Regex: `(ATATT3[A-Za-z0-9_=-]{150,220})`, MinEntropy: 4.0, PreviewPrefix: 6,
		TruePositives: []string{
			`JIRA_API_TOKEN=ATATT3xFfGF0gJWaKLURaccs9-sS5R9_ivvPwtC2g_rOgGmkUQEAnxzxdEyNJAReCCvBPep-ZOfiE9VBsfUnBmF6jZthA84dp431FmhhlF8NzZoEPO9JoekezZMl9bxuGMFcZkvvI2n8QdHfcJ0X_F6crm6G4fZGDM2dAVFFEWjIvM3j8TqK5L=360FB2A2`,
			`{"msg":"jira sync","auth":"Basic-less","token":"ATATT3xFfGF0ik8spwUryMoqfspw6l9RlHOIcNDJbMHY_y9yuC_XvtvyQwF5z3iD8YW7Aa9sbWnWGWR5ttVzonoPT5ddFEEEeRfG2DSkiyrqwnqW99Vp9GwydkX8xFjbJTLWE8Vgjo9REs_v0Mmc5V8pub-JlU5C-eb5i77-JAVLl1VCr-Gsi7=546D76E6"}`,
		},
		FalsePositives: []string{`JIRA_API_TOKEN=ATATT3xFfGF0...`},
	}, {
		ID: "bitbucket-app-password", Description: "Bitbucket app password / API token", Severity: High,
		Keywords: []string{"ATBB"}, Regex: `(ATBB[A-Za-z0-9_=.-]{32,40})`, MinEntropy: 3.8, PreviewPrefix: 4,
		TruePositives: []string{
			`BITBUCKET_APP_PASSWORD=ATBBIVFiU5ehmZwQSli0jjtGmX1hWbKpN7Vq`,
			`git clone https://ci-bot:ATBBd4AM1tX6jOqppl9SY3Zo03jtN15b6681A712@bitbucket.org/acme/app.git`,
		},
		FalsePositives: []string{`BITBUCKET_APP_PASSWORD=ATBB<password>`},
	}}
}
