package queries

// curl command lines with credentials: a --user password, or an Authorization header.
func curlRules() []*Rule {
	return []*Rule{
		{
			ID:          "curl-auth-user",
			Description: "Password in a curl --user / -u argument",
			Severity:    High,
			Provider:    "curl",
			Peers:       []string{"curl-auth-user"},
			Keywords:    []string{"curl "},
			Regex:       `\bcurl (?:.*?\s)?(?:-u|--user)(?:=|\s{1,5})['\"]?[A-Za-z0-9_.@+-]{0,64}:['\"]?([^\s'\"$<>{}\[\]]{6,128})['\"]?(?:\s|$)`,
			Validators:  []Validator{noRuns, curlPassword},
			MinEntropy:  2.5,
			TruePositives: []string{
				`curl --cacert ca.crt -u elastic:Pq7vR2kX9m https://localhost:9200`,
				`run-step: curl -sS --user 'api:d2LkV78zLx!t' https://api.mailgun.net/v3/messages`,
				`exec: curl -s -X POST --user roger23@gmail.com:pQ9wTxu4Fg https://api.acme.io/v1/link`,
				// no user name: the token is the password (Azure DevOps personal access tokens)
				`+ curl -sS -u :k7Wq2Zr9Lx4Vm8Tc3Np6Hd1Yb5Gf0Js https://dev.azure.com/acme/_apis/projects`,
			},
			FalsePositives: []string{
				`curl -i -u 'test:test' https://localhost`,
				`curl -u "${USER}:${PASSWORD}" https://ci.acme.io`,
				`curl -u <user:password> https://test.com/endpoint`,
				`curl --user neo4j:[PASSWORD] http://db:7474/db/data/`,
				`curl -u username:password https://api.acme.io`,
				`curl -u :{PAT} https://dev.azure.com/acme/_apis/projects`,
				`curl -u :password https://dev.azure.com/acme/_apis/projects`,
			},
		},
		{
			ID:          "curl-auth-header",
			Description: "Bearer / token credential in a curl -H Authorization header",
			Severity:    High,
			Provider:    "curl",
			Peers:       []string{"curl-auth-header"},
			Keywords:    []string{"curl "},
			Regex:       `\bcurl (?:.*?\s)?(?:-H|--header)(?:=|\s{1,5})['"](?i:authorization:\s*(?:(?:bearer|token|api-token)\s+)?|x-api-key:\s*|api-?key:\s*|(?:x-)?(?:auth-|access-|api-|private-)?token:\s*)([A-Za-z0-9_~.+/=-]{16,512})['"]`,
			Validators:  []Validator{noRuns, digitAndLetter},
			MinEntropy:  3.3,
			TruePositives: []string{
				`curl -X GET "http://localhost:3000/api/cron/status" -H "Authorization: Bearer cfcabd11c7ed9a41b1a3e063c32d5114"`,
				`curl -sS -H 'X-Api-Key: 8f2c1e7a9b4d6f3e0a5c8b2d7e1f4a9c' https://metrics.acme.io/v1/ingest`,
				// token headers: GitLab documents PRIVATE-TOKEN, other APIs Token or X-Auth-Token
				`curl -s --header "PRIVATE-TOKEN: 3h8d97hhmQJQ8VCVH-9U" https://gitlab.acme.io/api/v4/projects`,
				`curl -X POST -H "X-Auth-Token: 7c41e9b02fd8a356" http://10.0.4.2:8080/v1/jobs`,
			},
			FalsePositives: []string{
				`curl https://example.com/micropub -H "Authorization: Bearer XXXXXXXXXXXXXXXXXXXX"`,
				`curl -H "Authorization: Bearer $API_KEY" http://localhost:8000`,
				`curl -H 'Authorization: Bearer <Openverse API token>' https://api.openverse.org`,
				`curl --header "PRIVATE-TOKEN: <your_access_token>" https://gitlab.example.com/api/v4/projects`,
				`curl -H "X-CSRF-Token: 8e1f0a7c3b9d2e6f5a4c" https://app.acme.io/session`,
			},
		},
	}
}
