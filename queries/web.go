package queries

// Generic web credentials: JWTs, HTTP Basic auth headers and URLs carrying a password. These
// rules have no provider prefix, so they defer to provider rules (coveredByProvider) and
// validate structure before reporting.
func webRules() []*Rule {
	return []*Rule{{
		ID:            "jwt",
		Description:   "JSON Web Token (signed; header names an algorithm)",
		Severity:      Medium,
		Keywords:      []string{"eyJ"},
		Regex:         `(eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,})`,
		Validators:    []Validator{jwtStructure},
		PreviewPrefix: 3,
		TruePositives: []string{
			`Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJqeGUxN2N4eGl4Z3EiLCJpYXQiOjE3NDQ3NTkyNjIsInNjb3BlIjoib3JkZXJzOndyaXRlIn0.O1YBQ7z1wi6bm1nWla-walqn2ESb_fpH4ksF3tThXLF`,
			`{"level":"info","msg":"callback","url":"/oauth/cb?id_token=eyJhbGciOiJSUzI1NiIsImtpZCI6ImUyM2NiMjFlY2EzNjU0ZmMiLCJ0eXAiOiJKV1QifQ.eyJpc3MiOiJodHRwczovL2F1dGguYWNtZS5pby8iLCJzdWIiOiJwMTJzYWZtaW13MXlkOG5iIiwiZXhwIjoxNzc5MjQ4OTk1fQ.oyxXjwy5tlwJLo6JAE0NqaIfeYBHFcbgsgXcQeI6j3dVRrCicLactJ-2lOh-UFn9tE2eQCLmCWWVPyY9_MRhlK&state=af0ifjsldkj"}`,
			`10.2.0.9 - - [02/Nov/2026:12:00:01 +0000] "GET /ws?token=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI4YnVoZGJ6Ym1xZXgiLCJpYXQiOjE3NzkzMDE2MDgsInNjb3BlIjoib3JkZXJzOndyaXRlIn0.o9YGYdsjdKFXopZWfQgxMEu43tvU1ZkCHFQArzEakWj HTTP/1.1" 101 0`,
		}, FalsePositives: []string{
			`token=eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2lnbmF0dXJl`,
			`data=eyJmb28iOiJiYXIifQ.eyJmb28iOiJiYXIifQ.aGVsbG8gd29ybGQgaGVsbG8`,
			`cursor=eyJwYWdlIjoyLCJzaXplIjo1MH0`,
		},
	}, {
		ID:          "http-basic-auth-header",
		Description: "HTTP Basic credentials in an Authorization header (decoded: user:password)",
		Severity:    High,
		Keywords:    []string{"authorization"},
		IgnoreCase:  true,
		Regex:       assigned(cased("authorization"), `\[?`+quote+`(?i:basic)\s+([A-Za-z0-9+/_-]{6,}={0,2})`),
		Validators:  []Validator{basicAuthCredential},
		TruePositives: []string{
			`Authorization: Basic ZGVwbG95OkY5M3pDQ1l2UlV4UnBpS3BqQw==`,
			`conn.setRequestProperty("Authorization", "Basic ZXRsLXJ1bm5lcjpIdDdxVzJ6S3BYOW1SNHZO");`,
			`{"req":{"method":"POST","headers":{"authorization":"Basic Y2ktYm90Ojk4SmZoREpBYUc5NVlVYWJRMw=="}}}`,
			`level=debug msg="outgoing request" header="map[Authorization:[Basic c3ZjX2JpbGxpbmc6Z295bFphWVJvOVFJc2JzSEpo] Accept:[*/*]]"`,
		},
		FalsePositives: []string{
			`Authorization: Basic YWRtaW46cGFzc3dvcmQ=`,
			`Authorization: Basic anVzdC1hbi1hcGkta2V5`,
			`WWW-Authenticate: Basic realm="registry"`,
			`Authorization: Basic ${BASIC_AUTH}`,
		},
	}, {
		ID:          "url-credentials",
		Description: "Password in an http(s)/ftp URL (https://user:password@host)",
		Severity:    High,
		Keywords:    []string{"http://", "https://", "ftp://", "ftps://", "sftp://"},
		IgnoreCase:  true,
		Regex:       `(?i:https?|s?ftps?)://` + uriUserinfo + `[A-Za-z0-9\[]`,
		Validators:  []Validator{uriPassword, notAPort, coveredByProvider},
		TrimSecret:  uriPasswordEnd,
		TruePositives: []string{
			`GET https://deploy:yqi4Ab3PZJnthhKHzj@artifacts.acme.io/releases/app.tar.gz`,
			`{"level":"error","msg":"fetch failed","url":"http://admin:AYkicojPbXJ1%21@10.0.4.12:8080/metrics"}`,
			`pip install --index-url https://ci:tyAq0HZduLSJ1lH15bmSSE2O@pypi.acme.io/simple/ acme-core`,
			`POST https://ci:Tz4#Qm8/Lp2x@registry.acme.io/v2/token?notify=ops@acme.io 401`,
			`docker login failed for https://deploy:eAwuf[jRfUtt/WRQO7#@registry.example.io/v2/`,
			`https://ACdf4d642dfaccbd6a7d09f75c3f5f355a:2353f306ea9070c389fcbfcaa4ba470e@api.twilio.com/2010-04-01/Accounts.json`,
		},
		FalsePositives: []string{
			`https://user:password@host.acme.io/`,
			`https://admin:${ADMIN_PASSWORD}@grafana.acme.io`,
			`https://admin:****@grafana.acme.io`,
			`https://acme.io:8443/login?next=mail@acme.io`,
			`https://docs.acme.io/contact user:bob@acme.io`,
			`http://localhost:3000/invite?email=ops@acme.io`,
			`https://admin:<pass>@grafana.acme.io/d/abc`,
		},
	}}
}
