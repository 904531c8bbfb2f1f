// Package verify is the opt-in live verification: it asks a secret's own issuer, over
// TLS, with its cheapest read-only identity call, whether the secret still works. The
// answer is live, revoked or unknown, with a reason.
//
// # Where it runs, and why
//
// The detector never lets a full secret leave it (fingerprint and preview only). So
// verification cannot run later in the pipeline, where only redacted data exists: the
// detector calls Verifier.Verify (detector.Options.Verify) while the secret is still in its
// memory, before the Finding is built, and only the verdict and its reason go into the
// Finding. A live verdict raises the finding to critical severity. This package therefore
// sees secrets: it sends each one only to its issuer's base URL (https, or loopback for
// tests), in the header or signed body the issuer expects, and never logs, stores or
// returns it; reasons are built from status codes and fixed words.
//
// # Cost and safety
//
//   - Off by default; nothing leaves the machine unless verify.enabled is true.
//   - A fingerprint is checked at most once per Every (the verdict is kept in memory);
//     later sightings re-check after that.
//   - Calls are rate-limited per provider (MinInterval between two calls); a call that
//     would exceed it is skipped ("" verdict) and made on a later sighting.
//   - A network error, a timeout, a 429 or a 5xx is "unknown", never "revoked".
//   - Calls run on the scanning goroutine, bounded by Timeout each.
package verify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
)

// Verdicts.
const (
	Live    = "live"
	Revoked = "revoked"
	Unknown = "unknown"
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

// DefaultBaseURLs are the issuers' API endpoints.
var DefaultBaseURLs = map[string]string{
	GitHub:    "https://api.github.com",
	GitLab:    "https://gitlab.com",
	Slack:     "https://slack.com",
	Stripe:    "https://api.stripe.com",
	NPM:       "https://registry.npmjs.org",
	OpenAI:    "https://api.openai.com",
	Anthropic: "https://api.anthropic.com",
	SendGrid:  "https://api.sendgrid.com",
	Datadog:   "https://api.datadoghq.com",
	AWS:       "https://sts.amazonaws.com",
}

// SelfManaged are the providers whose tokens look the same on the public service and on a
// company's own installation (GitHub Enterprise Server, GitLab self-managed). Their rules are
// verified only when base_urls names the installation, public or not: a company's token is
// never sent to the public service by default.
var SelfManaged = map[string]bool{GitHub: true, GitLab: true}

// RuleProviders maps the catalogue's rules to the provider that can verify them.
var RuleProviders = map[string]string{
	"github-pat": GitHub, "github-oauth-token": GitHub, "github-user-to-server-token": GitHub,
	"github-installation-token": GitHub, "github-fine-grained-pat": GitHub,
	"gitlab-pat": GitLab, "gitlab-pat-routable": GitLab,
	"slack-bot-token": Slack, "slack-user-token": Slack,
	"stripe-secret-key": Stripe, "stripe-restricted-key": Stripe,
	"npm-access-token":   NPM,
	"openai-project-key": OpenAI, "openai-service-account-key": OpenAI, "openai-admin-key": OpenAI, "openai-legacy-key": OpenAI,
	"anthropic-api-key": Anthropic,
	"sendgrid-api-key":  SendGrid,
	"datadog-api-key":   Datadog,
	// The secret access key is verified with the access key id found in the same line.
	"aws-secret-access-key": AWS,
}

// Config of the verifier.
type Config struct {
	// Rules limits verification to these rule ids (empty: every rule RuleProviders knows).
	Rules []string
	// Timeout bounds one call (default 5s).
	Timeout time.Duration
	// Every is the minimum time between two checks of one secret (default 24h).
	Every time.Duration
	// MinInterval is the minimum time between two calls to one provider (default 1s).
	MinInterval time.Duration
	// BaseURLs overrides providers' base URLs (tests point them at loopback fakes). Only
	// https URLs, or http on a loopback address, are accepted.
	BaseURLs   map[string]string
	HTTPClient *http.Client // default: a client with Timeout, no redirects
	Now        func() time.Time
}

// Verifier implements detector.Verifier. It is safe for concurrent use.
type Verifier struct {
	rules  map[string]string // rule -> provider
	base   map[string]string
	client *http.Client
	cfg    Config

	mu       sync.Mutex
	checked  map[string]time.Time // fingerprint -> last check
	lastCall map[string]time.Time // provider -> last call
	calls    map[string]int       // provider -> calls made (tests, metrics)
}

// New checks cfg.
func New(cfg Config) (*Verifier, error) {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 5 * time.Second
	}
	if cfg.Every <= 0 {
		cfg.Every = 24 * time.Hour
	}
	if cfg.MinInterval <= 0 {
		cfg.MinInterval = time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	v := &Verifier{rules: map[string]string{}, base: map[string]string{}, cfg: cfg,
		checked: map[string]time.Time{}, lastCall: map[string]time.Time{}, calls: map[string]int{}}
	for p, u := range DefaultBaseURLs {
		v.base[p] = u
	}
	for p, u := range cfg.BaseURLs {
		if _, ok := DefaultBaseURLs[p]; !ok {
			return nil, fmt.Errorf("base_urls: unknown provider %q", p)
		}
		if err := checkBase(u); err != nil {
			return nil, fmt.Errorf("base_urls.%s: %w", p, err)
		}
		v.base[p] = strings.TrimRight(u, "/")
	}
	if len(cfg.Rules) == 0 {
		for r, p := range RuleProviders {
			if _, set := cfg.BaseURLs[p]; SelfManaged[p] && !set {
				continue // whose installation issued it is unknown: not sent anywhere
			}
			v.rules[r] = p
		}
	}
	for i, r := range cfg.Rules {
		p, ok := RuleProviders[r]
		if !ok {
			return nil, fmt.Errorf("rules[%d]: rule %q cannot be verified (verifiable: see docs/operations.md)", i, r)
		}
		if _, set := cfg.BaseURLs[p]; SelfManaged[p] && !set {
			return nil, fmt.Errorf("rules[%d]: rule %q: set base_urls.%s to the %s that issues your tokens (%s for the public service): its tokens look the same on a self-managed installation, and are never sent to a host not configured", i, r, p, p, DefaultBaseURLs[p])
		}
		v.rules[r] = p
	}
	v.client = cfg.HTTPClient
	if v.client == nil {
		v.client = &http.Client{Timeout: cfg.Timeout,
			// A redirect could carry the secret's header to another host.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	return v, nil
}

// checkBase accepts https URLs, and http only on loopback (tests).
func checkBase(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return errors.New("not a URL")
	}
	if u.Scheme == "https" {
		return nil
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); u.Scheme == "http" && (host == "localhost" || ip != nil && ip.IsLoopback()) {
		return nil
	}
	return errors.New("must be https (a secret is only sent over TLS; plain http is allowed on loopback for tests)")
}

// Calls returns how many calls were made to provider.
func (v *Verifier) Calls(provider string) int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.calls[provider]
}

var awsKeyID = regexp.MustCompile(`\b(AKIA[A-Z2-7]{16})\b`)

// Verify implements detector.Verifier.
func (v *Verifier) Verify(ruleID, secret, fingerprint string, line []byte) (string, string) {
	p, ok := v.rules[ruleID]
	if !ok {
		return "", ""
	}
	now := v.cfg.Now()
	v.mu.Lock()
	if last, ok := v.checked[fingerprint]; ok && now.Sub(last) < v.cfg.Every {
		v.mu.Unlock()
		return "", "" // checked recently: the stored verdict stands
	}
	if last, ok := v.lastCall[p]; ok && now.Sub(last) < v.cfg.MinInterval {
		v.mu.Unlock()
		return "", "" // rate limited: a later sighting checks it
	}
	v.lastCall[p] = now
	v.checked[fingerprint] = now
	v.calls[p]++
	v.mu.Unlock()

	ctx, cancel := context.WithTimeout(context.Background(), v.cfg.Timeout)
	defer cancel()
	verdict, reason := v.call(ctx, p, secret, line)
	if verdict == Unknown {
		// Not a verdict to keep for a day: try again on a later sighting.
		v.mu.Lock()
		delete(v.checked, fingerprint)
		v.mu.Unlock()
	}
	return verdict, reason
}

func (v *Verifier) call(ctx context.Context, p, secret string, line []byte) (string, string) {
	base := v.base[p]
	var req *http.Request
	var err error
	// classify maps an answer to a verdict: ok statuses are live, revoked statuses revoked.
	ok, revoked := []int{200}, []int{401}
	switch p {
	case GitHub:
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, base+"/user", nil)
		if err == nil {
			req.Header.Set("Authorization", "Bearer "+secret)
			req.Header.Set("Accept", "application/vnd.github+json")
		}
	case GitLab:
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v4/personal_access_tokens/self", nil)
		if err == nil {
			req.Header.Set("PRIVATE-TOKEN", secret)
		}
	case Slack:
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/auth.test", nil)
		if err == nil {
			req.Header.Set("Authorization", "Bearer "+secret)
		}
	case Stripe:
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, base+"/v1/balance", nil)
		if err == nil {
			req.SetBasicAuth(secret, "")
		}
		ok = []int{200, 403} // 403: a restricted key without that permission still authenticated
	case NPM:
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, base+"/-/whoami", nil)
		if err == nil {
			req.Header.Set("Authorization", "Bearer "+secret)
		}
	case OpenAI:
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, base+"/v1/models", nil)
		if err == nil {
			req.Header.Set("Authorization", "Bearer "+secret)
		}
	case Anthropic:
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, base+"/v1/models", nil)
		if err == nil {
			req.Header.Set("x-api-key", secret)
			req.Header.Set("anthropic-version", "2023-06-01")
		}
	case SendGrid:
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, base+"/v3/scopes", nil)
		if err == nil {
			req.Header.Set("Authorization", "Bearer "+secret)
		}
	case Datadog:
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/validate", nil)
		if err == nil {
			req.Header.Set("DD-API-KEY", secret)
		}
		revoked = []int{403}
	case AWS:
		ids := awsKeyID.FindAllSubmatch(line, 2)
		if len(ids) != 1 {
			return Unknown, "no single AWS access key id (AKIA…) in the same line to pair the secret with"
		}
		body := []byte("Action=GetCallerIdentity&Version=2011-06-15")
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, base+"/", bytes.NewReader(body))
		if err == nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
			signV4(req, body, string(ids[0][1]), secret, "us-east-1", "sts", v.cfg.Now())
		}
		revoked = []int{403}
	default:
		return Unknown, "no verifier for this provider"
	}
	if err != nil {
		return Unknown, "could not build the request"
	}
	req.Header.Set("User-Agent", "leakwatch-verify")
	resp, err := v.client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return Unknown, p + ": timed out"
		}
		return Unknown, p + ": network error"
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	code := resp.StatusCode
	switch p {
	case Slack:
		// auth.test answers 200 with ok true or false.
		var r struct {
			OK    bool   `json:"ok"`
			Error string `json:"error"`
		}
		if code == 200 && json.Unmarshal(data, &r) == nil {
			if r.OK {
				return Live, "slack auth.test: ok"
			}
			switch r.Error {
			case "invalid_auth", "token_revoked", "account_inactive", "token_expired", "not_authed":
				return Revoked, "slack auth.test: " + r.Error
			}
			return Unknown, "slack auth.test: " + clip(r.Error)
		}
	case AWS:
		if code == 403 && bytes.Contains(data, []byte("SignatureDoesNotMatch")) {
			return Unknown, "aws sts: the key id and secret in the line are not a pair (SignatureDoesNotMatch)"
		}
	case Datadog:
		if code == 200 && !bytes.Contains(data, []byte(`"valid":true`)) {
			return Unknown, "datadog validate: 200 without valid:true"
		}
	}
	for _, c := range ok {
		if code == c {
			return Live, fmt.Sprintf("%s answered %d", p, code)
		}
	}
	for _, c := range revoked {
		if code == c {
			return Revoked, fmt.Sprintf("%s answered %d", p, code)
		}
	}
	return Unknown, fmt.Sprintf("%s answered %d", p, code)
}

// clip keeps an issuer's error word short and printable.
func clip(s string) string {
	if len(s) > 40 {
		s = s[:40]
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
}
