package verify

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"time"

	"github.com/leakwatch/leakwatch/internal/verdict"
)

// Provider names (keys of Config.BaseURLs).
const (
	GitHub    = "github"
	GitLab    = "gitlab"
	Slack     = "slack"
	Stripe    = "stripe"
	NPM       = "npm"
	OpenAI    = "openai"
	Anthropic = "anthropic"
	SendGrid  = "sendgrid"
	Datadog   = "datadog"
	AWS       = "aws"
)

// providers is everything verification knows of each issuer, one entry each: adding an
// issuer is one entry here (and its row in docs/operations.md, which TestProvidersDocumented
// checks). Each rule named is the catalogue's, under the same provider (TestProviderRules).
var providers = map[string]provider{
	GitHub: {
		base: "https://api.github.com", selfManaged: true,
		rules: []string{"github-pat", "github-oauth-token", "github-user-to-server-token",
			"github-installation-token", "github-fine-grained-pat"},
		request: identity(http.MethodGet, "/user", bearer, fixed("Accept", "application/vnd.github+json")),
	},
	GitLab: {
		base: "https://gitlab.com", selfManaged: true,
		rules:   []string{"gitlab-pat", "gitlab-pat-routable"},
		request: identity(http.MethodGet, "/api/v4/personal_access_tokens/self", header("PRIVATE-TOKEN")),
	},
	Slack: {
		base:    "https://slack.com",
		rules:   []string{"slack-bot-token", "slack-user-token"},
		request: identity(http.MethodPost, "/api/auth.test", bearer),
		answer:  slackAnswer,
	},
	Stripe: {
		base:    "https://api.stripe.com",
		rules:   []string{"stripe-secret-key", "stripe-restricted-key"},
		request: identity(http.MethodGet, "/v1/balance", basic),
		live:    []int{200, 403}, // 403: a restricted key without that permission still authenticated
	},
	NPM: {
		base:    "https://registry.npmjs.org",
		rules:   []string{"npm-access-token"},
		request: identity(http.MethodGet, "/-/whoami", bearer),
	},
	OpenAI: {
		base:    "https://api.openai.com",
		rules:   []string{"openai-project-key", "openai-service-account-key", "openai-admin-key", "openai-legacy-key"},
		request: identity(http.MethodGet, "/v1/models", bearer),
	},
	Anthropic: {
		base:    "https://api.anthropic.com",
		rules:   []string{"anthropic-api-key"},
		request: identity(http.MethodGet, "/v1/models", header("x-api-key"), fixed("anthropic-version", "2023-06-01")),
	},
	SendGrid: {
		base:    "https://api.sendgrid.com",
		rules:   []string{"sendgrid-api-key"},
		request: identity(http.MethodGet, "/v3/scopes", bearer),
	},
	Datadog: {
		base:    "https://api.datadoghq.com",
		rules:   []string{"datadog-api-key"},
		request: identity(http.MethodGet, "/api/v1/validate", header("DD-API-KEY")),
		revoked: []int{403},
		answer: func(code int, body []byte) (verdict.Verdict, string) {
			if code == 200 && !bytes.Contains(body, []byte(`"valid":true`)) {
				return verdict.Unknown, "datadog validate: 200 without valid:true"
			}
			return "", ""
		},
	},
	// The secret access key is verified with the access key id found in the same line.
	AWS: {
		base:    "https://sts.amazonaws.com",
		rules:   []string{"aws-secret-access-key"},
		request: awsRequest,
		revoked: []int{403},
		answer: func(code int, body []byte) (verdict.Verdict, string) {
			if code == 403 && bytes.Contains(body, []byte("SignatureDoesNotMatch")) {
				return verdict.Unknown, "aws sts: the key id and secret in the line are not a pair (SignatureDoesNotMatch)"
			}
			return "", ""
		},
	},
}

// provider is one issuer: where its API is, whose secrets it can check, the identity call
// that checks one and how its answer reads.
type provider struct {
	// base is the public service's API (Config.BaseURLs overrides it).
	base string
	// selfManaged: its tokens look the same on the public service and on a company's own
	// installation (GitHub Enterprise Server, GitLab self-managed), so its rules are verified
	// only when Config.BaseURLs names the installation, public or not: a company's token is
	// never sent to the public service by default.
	selfManaged bool
	// rules are the catalogue's rules whose secrets it issues.
	rules []string
	// request builds the identity call for secret, found in line, against base. An error
	// that is a reason is the verdict's reason (unknown).
	request func(ctx context.Context, base, secret string, line []byte, now time.Time) (*http.Request, error)
	// live and revoked are the answers' statuses that mean so (200 and 401 when nil).
	live, revoked []int
	// answer, when set, reads the answer before its status does; "" leaves it to the status.
	answer func(code int, body []byte) (said verdict.Verdict, reason string)
}

// reason is a request that cannot be made, said as the verdict's reason.
type reason string

func (r reason) Error() string { return string(r) }

// credential puts the secret (or a fixed header) into an identity call.
type credential func(req *http.Request, secret string)

func bearer(req *http.Request, secret string) { req.Header.Set("Authorization", "Bearer "+secret) }

func basic(req *http.Request, secret string) { req.SetBasicAuth(secret, "") }

// header sends the secret as the value of header name.
func header(name string) credential {
	return func(req *http.Request, secret string) { req.Header.Set(name, secret) }
}

// fixed sets a header the issuer wants beside the credential.
func fixed(name, value string) credential {
	return func(req *http.Request, _ string) { req.Header.Set(name, value) }
}

// identity is a bodiless call of method on path with the credentials set.
func identity(method, path string, creds ...credential) func(context.Context, string, string, []byte, time.Time) (*http.Request, error) {
	return func(ctx context.Context, base, secret string, _ []byte, _ time.Time) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, method, base+path, nil)
		if err != nil {
			return nil, err
		}
		for _, c := range creds {
			c(req, secret)
		}
		return req, nil
	}
}

var awsKeyID = regexp.MustCompile(`\b(AKIA[A-Z2-7]{16})\b`)

// awsRequest is STS GetCallerIdentity signed with the secret and the one access key id of
// the line: the secret itself is never sent.
func awsRequest(ctx context.Context, base, secret string, line []byte, now time.Time) (*http.Request, error) {
	ids := awsKeyID.FindAllSubmatch(line, 2)
	if len(ids) != 1 {
		return nil, reason("no single AWS access key id (AKIA…) in the same line to pair the secret with")
	}
	body := []byte("Action=GetCallerIdentity&Version=2011-06-15")
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	signV4(req, body, string(ids[0][1]), secret, "us-east-1", "sts", now)
	return req, nil
}

// slackAnswer: auth.test answers 200 with ok true or false.
func slackAnswer(code int, body []byte) (verdict.Verdict, string) {
	var r struct {
		OK    bool   `json:"ok"`
		Error string `json:"error"`
	}
	if code != 200 || json.Unmarshal(body, &r) != nil {
		return "", ""
	}
	if r.OK {
		return verdict.Live, "slack auth.test: ok"
	}
	switch r.Error {
	case "invalid_auth", "token_revoked", "account_inactive", "token_expired", "not_authed":
		return verdict.Revoked, "slack auth.test: " + r.Error
	}
	return verdict.Unknown, "slack auth.test: " + clip(r.Error)
}

// ruleProvider is the provider that issues rule's secrets.
func ruleProvider(rule string) (string, bool) {
	for name, p := range providers {
		for _, r := range p.rules {
			if r == rule {
				return name, true
			}
		}
	}
	return "", false
}
