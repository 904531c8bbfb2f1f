package queries

// GitLab token prefixes: https://docs.gitlab.com/security/tokens/#token-prefixes. Routable
// tokens (GitLab 17.x+) carry a base64url payload, an optional version, the payload length and
// a CRC32 in base36 (see gitlabRoutable). Legacy tokens are 20 random characters.
func gitlabRules() []*Rule {
	// legacy builds a rule for <prefix><n random chars>. A routable token with the same prefix
	// continues past n with payload characters, which the trailing class refuses, so the two
	// rules never report the same token.
	legacy := func(id, prefix, desc string, sev Severity, body string, tps, fps []string) *Rule {
		return &Rule{
			ID:             id,
			Description:    desc,
			Severity:       sev,
			Keywords:       []string{prefix},
			Regex:          `(` + prefix + body + `)(?:[^0-9A-Za-z_-]|$)`,
			MinEntropy:     3.0,
			PreviewPrefix:  len(prefix),
			TruePositives:  tps,
			FalsePositives: fps,
		}
	}
	routable := func(id, prefix, infix, desc string, tps, fps []string) *Rule {
		return &Rule{
			ID:             id,
			Description:    desc,
			Severity:       Critical,
			Keywords:       []string{prefix},
			Regex:          `(` + prefix + infix + `[0-9A-Za-z_-]{27,300}(?:\.[0-9a-z]{2})?\.[0-9a-z]{2}[0-9a-z]{7})`,
			Validators:     []Validator{gitlabRoutable},
			PreviewPrefix:  len(prefix),
			TruePositives:  tps,
			FalsePositives: fps,
		}
	}
	return []*Rule{
		routable("gitlab-pat-routable", "glpat-", "", "GitLab personal, project or group access token (routable, checksummed)", []string{
			`PRIVATE-TOKEN: glpat-7JL_OcDeIaXJiSu_4I6l72M6MQpvOnh5CnQ6MQp1OjRybDIyFA.01.1e1psb23d`,
			`{"level":"warn","msg":"clone","url":"https://oauth2:glpat-XGhLWKK3-gDUqh-y8HMz42M6MQpvOnh5CnQ6MQp1OjRybDIyFA.1e19brszp@gitlab.acme.io/platform/api.git"}`,
			`10.1.0.4 - - [02/Nov/2026:11:00:00 +0000] "GET /api/v4/projects?private_token=glpat-GQzupuO6UN19KFmDP8TDVGM6MQpvOnh5CnQ6MQp1OjRybDIyFA.01.1e1mlob6l&per_page=100 HTTP/1.1" 200 1432`,
		}, []string{
			`PRIVATE-TOKEN: glpat-bSSIFusVs_uY2rKD9_pjIwbjgKNojKZQZNG1_xVt.01.1agu3y5vm`,
			`token=glpat-xxxxxxxx-xxxxxxxxxxxxxxxxxx.xxxxxxxxx`,
		}),
		routable("gitlab-runner-token-routable", "glrt-", `(?:t\d_)?`, "GitLab runner authentication token (routable, checksummed)", []string{
			`CI_SERVER_TOKEN=glrt-t1_uCBQHE3xy_8wf31JrRZE-GM6MQpvOjEwMAp0OjEKdTo0cm1nbxU.01.1f1ue90rq`,
			`{"runner":"docker-1","token":"glrt-loZWagDCTzhGQnQ46q7iSmM6MQpvOnd4CnQ6MQp1OjRya2NyFA.01.1e0omdiij"}`,
		}, []string{
			`token=glrt-t1_0vc35_IU_Ez1vLkqoKb9jMDBlMwlzv8fAORZcN6K.01.1a2pil7qf`,
		}),
		legacy("gitlab-pat", "glpat-", "GitLab personal access token (legacy)", Critical, `[0-9A-Za-z_-]{20}`, []string{
			`PRIVATE-TOKEN: glpat-BzyZOoJm9BtuuoqxEFiW`,
			`{"msg":"api call","headers":{"PRIVATE-TOKEN":"glpat-3BRYFDeENA_FNP9AN6fd"}}`,
			`GIT_ASKPASS token=glpat-HdoYnIv4tOf5bybkOjpC.`,
		}, []string{
			`token=glpat-XXXXXXXXXXX-XXXXXXXX`,
			`token=glpat-${GITLAB_TOKEN}`,
			`glpat-jgImCdV1ym67d1inKRyYX3X7`,
		}),
		legacy("gitlab-runner-token", "glrt-", "GitLab runner authentication token (legacy)", Critical, `[0-9A-Za-z_-]{20}`, []string{
			`[[runners]] token = "glrt-xFporCmiJjPcH6rSFjuF"`,
			`level=info msg="registered runner" token=glrt-UkHxODdttUBJtIgV1DUi url=https://gitlab.acme.io`,
		}, []string{`token = "glrt-REDACTED"`}),
		legacy("gitlab-runner-registration-token", "GR1348941", "GitLab runner registration token", High, `[0-9A-Za-z_-]{20}`, []string{
			`gitlab-runner register --registration-token GR13489416htLkRqauF8YOcyXxcm6 --executor docker`,
			`{"registration_token":"GR1348941VTNtHwpeXst5gxrPlfAe"}`,
		}, []string{`REGISTRATION_TOKEN=GR1348941XXXXXXXXXXXXXXXXXXXX`}),
		legacy("gitlab-deploy-token", "gldt-", "GitLab deploy token", High, `[0-9A-Za-z_-]{20}`, []string{
			`docker login -u gitlab+deploy-token-42 -p gldt-YYQa19gUMBo3J0qku0rR registry.acme.io`,
			`{"deploy_token":"gldt-8AjBg35qMYtotWiGzzb6","username":"gitlab+deploy-token-42"}`,
		}, []string{`password=gldt-<token>`}),
		legacy("gitlab-pipeline-trigger-token", "glptt-", "GitLab pipeline trigger token", High, `[0-9a-f]{40}`, []string{
			`POST /api/v4/projects/42/trigger/pipeline?token=glptt-77a0df03e2ca48ddb4ef99d4c2c839e20b43f2c4&ref=main`,
			`TRIGGER_TOKEN=glptt-94449f86a4bc2bdf65228fd7cfac303e6e66db7f`,
		}, []string{`token=glptt-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`}),
		legacy("gitlab-cicd-job-token", "glcbt-", "GitLab CI/CD job token", High, `[0-9a-zA-Z]{1,5}_[0-9a-zA-Z_-]{20}`, []string{
			`CI_JOB_TOKEN=glcbt-64_GmIYS6bLbrlhK61UituE`,
			`curl --header "JOB-TOKEN: glcbt-1a_fMmt0qLjJw6pGMFt3vHL" https://gitlab.acme.io/api/v4/jobs`,
		}, []string{`CI_JOB_TOKEN=glcbt-[MASKED]`}),
		legacy("gitlab-scim-token", "glsoat-", "GitLab SCIM / OAuth application token", High, `[0-9A-Za-z_-]{20}`, []string{
			`Authorization: Bearer glsoat-7PZ7ApVU8DO417JCOlFe`,
			`{"scim_token":"glsoat-n0e9XbykIIaVKlqFClKY"}`,
		}, []string{`scim_token=glsoat-****`}),
		legacy("gitlab-feature-flag-token", "glffct-", "GitLab feature flags client token", Medium, `[0-9A-Za-z_-]{20}`, []string{
			`UNLEASH_INSTANCE_ID=glffct-wb6h4PpV6x8OuTtzXxCc`,
			`{"unleash":{"instanceId":"glffct-zofDYBeRxhxMAige43KL"}}`,
		}, []string{`UNLEASH_INSTANCE_ID=glffct-<instance-id>`}),
		legacy("gitlab-oauth-app-secret", "gloas-", "GitLab OAuth application secret", High, `[0-9A-Za-z_-]{64}`, []string{
			`GITLAB_OAUTH_SECRET=gloas-28ea91b9fb89cb515082432393d5da9cabfe22b4f4ccc7bef4cde63592b73f01`,
			`{"client_id":"af4147d23d43e6e24649320d274967ba7f4aeb0135d5f8d7be8b9c73de198cc4","client_secret":"gloas-46e2f423142f7a8920e77dc5de98a124748f111f38752631cfa7d538ddbbdfd8"}`,
		}, []string{`client_secret=gloas-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX`}),
		legacy("gitlab-feed-token", "glft-", "GitLab feed token", Low, `[0-9A-Za-z_-]{20}`, []string{
			`GET /dashboard/projects.atom?feed_token=glft-fQC9lLBFVEazWulU5qct HTTP/1.1`,
			`{"url":"https://gitlab.acme.io/acme.ics?feed_token=glft-kEYwHhfeU4Dj0J6Xao4l"}`,
		}, []string{`feed_token=glft-xxxxxxxxxxxxxxxxxxxx`}),
		legacy("gitlab-incoming-mail-token", "glimt-", "GitLab incoming email token", Medium, `[0-9A-Za-z_-]{25}`, []string{
			`to=incoming+glimt-5mh0l8gtkz7psff9vkkp7ayya@gitlab.acme.io`,
			`{"reply_to":"incoming+glimt-mc9mj5cnqeuxll4ufjfp1j6u2@acme.io"}`,
		}, []string{`incoming+glimt-<token>@gitlab.example.com`}),
		legacy("gitlab-agent-token", "glagent-", "GitLab agent for Kubernetes token", Critical, `[0-9A-Za-z_-]{50}`, []string{
			`helm upgrade --install gitlab-agent --set config.token=glagent-9dz26MJ2bc5ywiVh1bT4bdAuLqDXTTKZA7AJHCFIEPGmxBunA9`,
			`{"agent":"prod","token":"glagent-w4CXP2vMtrLL8P1hvZEZVmv1qf5LvW51cnryYEktLoxsOoCjaJ"}`,
		}, []string{`config.token=glagent-${AGENT_TOKEN}`}),
		{
			ID:          "gitlab-session-cookie",
			Description: "GitLab session cookie",
			Severity:    Medium,
			Keywords:    []string{"_gitlab_session="},
			// The session id is 32 hex characters; older installs used 32 of [0-9a-z].
			Regex:      `_gitlab_session=([0-9a-z]{32})(?:[^0-9A-Za-z]|$)`,
			Validators: []Validator{noRuns, digitAndLetter},
			MinEntropy: 3.0,
			TruePositives: []string{
				`Cookie: _gitlab_session=a8b413741d3f1f19be2915a0af26fca4; preferred_language=en`,
				`{"req":{"headers":{"cookie":"_gitlab_session=31060d5aeb171db79509779844fdeea4"}}}`,
			},
			FalsePositives: []string{`Set-Cookie: _gitlab_session=; Max-Age=0`, `Cookie: _gitlab_session=0123456789abcdef0123456789abcdef`},
		},
	}
}
