package verify

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/queries"

	"github.com/leakwatch/leakwatch/internal/verdict"
)

// issuer is a loopback fake of every provider's identity endpoint: it answers with the
// status and body set for the path, and records the credential it was shown.
type issuer struct {
	mu     sync.Mutex
	answer map[string]struct {
		status int
		body   string
	}
	seen []string // "path credential-header-value"
}

func (f *issuer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	cred := r.Header.Get("Authorization") + r.Header.Get("PRIVATE-TOKEN") + r.Header.Get("x-api-key") + r.Header.Get("DD-API-KEY")
	f.mu.Lock()
	f.seen = append(f.seen, r.URL.Path+" "+cred)
	a, ok := f.answer[r.URL.Path]
	f.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.WriteHeader(a.status)
	fmt.Fprint(w, a.body)
}

func TestVerdicts(t *testing.T) {
	r := fakesecret.Fresh()
	keyID := fakesecret.AWSKeyID(r)
	cases := []struct {
		name, rule, path string
		status           int
		body, line       string
		want             verdict.Verdict
		wantCred         string // what the issuer must have been shown (the secret's place)
	}{
		{"github live", "github-pat", "/user", 200, `{"login":"x"}`, "", verdict.Live, "Bearer SECRET"},
		{"github revoked", "github-pat", "/user", 401, `{"message":"Bad credentials"}`, "", verdict.Revoked, "Bearer SECRET"},
		{"github rate limited is unknown", "github-pat", "/user", 429, ``, "", verdict.Unknown, ""},
		{"github 5xx is unknown", "github-fine-grained-pat", "/user", 502, ``, "", verdict.Unknown, ""},
		{"gitlab live", "gitlab-pat", "/api/v4/personal_access_tokens/self", 200, `{}`, "", verdict.Live, "SECRET"},
		{"slack live", "slack-bot-token", "/api/auth.test", 200, `{"ok":true}`, "", verdict.Live, "Bearer SECRET"},
		{"slack revoked", "slack-user-token", "/api/auth.test", 200, `{"ok":false,"error":"token_revoked"}`, "", verdict.Revoked, ""},
		{"slack other error", "slack-bot-token", "/api/auth.test", 200, `{"ok":false,"error":"ratelimited"}`, "", verdict.Unknown, ""},
		{"stripe restricted key without permission is live", "stripe-restricted-key", "/v1/balance", 403, `{}`, "", verdict.Live, "Basic "},
		{"stripe revoked", "stripe-secret-key", "/v1/balance", 401, `{}`, "", verdict.Revoked, ""},
		{"npm live", "npm-access-token", "/-/whoami", 200, `{"username":"x"}`, "", verdict.Live, "Bearer SECRET"},
		{"openai revoked", "openai-project-key", "/v1/models", 401, `{}`, "", verdict.Revoked, "Bearer SECRET"},
		{"anthropic live", "anthropic-api-key", "/v1/models", 200, `{}`, "", verdict.Live, "SECRET"},
		{"sendgrid live", "sendgrid-api-key", "/v3/scopes", 200, `{}`, "", verdict.Live, "Bearer SECRET"},
		{"datadog live", "datadog-api-key", "/api/v1/validate", 200, `{"valid":true}`, "", verdict.Live, "SECRET"},
		{"datadog revoked", "datadog-api-key", "/api/v1/validate", 403, `{"errors":["Forbidden"]}`, "", verdict.Revoked, ""},
		{"aws live", "aws-secret-access-key", "/", 200, `<GetCallerIdentityResponse/>`, "id=" + keyID + " secret_access_key=SECRET", verdict.Live,
			"AWS4-HMAC-SHA256 Credential=" + keyID + "/"},
		{"aws unknown key id", "aws-secret-access-key", "/", 403, `<Code>InvalidClientTokenId</Code>`, "id=" + keyID, verdict.Revoked, ""},
		{"aws not a pair", "aws-secret-access-key", "/", 403, `<Code>SignatureDoesNotMatch</Code>`, "id=" + keyID, verdict.Unknown, ""},
		{"aws without key id in the line", "aws-secret-access-key", "/", 200, ``, "secret only", verdict.Unknown, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := &issuer{answer: map[string]struct {
				status int
				body   string
			}{tc.path: {tc.status, tc.body}}}
			srv := httptest.NewServer(f)
			defer srv.Close()
			bases := map[string]string{}
			for p := range providers {
				bases[p] = srv.URL
			}
			v, err := New(Config{BaseURLs: bases})
			if err != nil {
				t.Fatal(err)
			}
			secret := fakesecret.Mixed(r, 40)
			line := strings.ReplaceAll(tc.line, "SECRET", secret)
			got, reason := v.Verify(tc.rule, secret, "fp-"+tc.name, []byte(line))
			if got != tc.want {
				t.Fatalf("verdict %q (%s), want %q", got, reason, tc.want)
			}
			if reason == "" || strings.Contains(reason, secret) {
				t.Fatalf("reason %q: empty or holds the secret", reason)
			}
			f.mu.Lock()
			defer f.mu.Unlock()
			if tc.wantCred != "" {
				want := strings.ReplaceAll(tc.wantCred, "SECRET", secret)
				if len(f.seen) != 1 || !strings.Contains(f.seen[0], want) {
					t.Fatalf("issuer saw %q, want the credential %q", f.seen, want)
				}
			}
			if tc.rule == "aws-secret-access-key" && len(f.seen) > 0 && strings.Contains(f.seen[0], secret) {
				t.Fatal("the AWS secret was sent instead of a signature")
			}
		})
	}
}

func TestNetworkErrorIsUnknownAndRetried(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL
	srv.Close() // nothing listens any more
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	v, err := New(Config{BaseURLs: map[string]string{GitHub: base}, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	if got, reason := v.Verify("github-pat", "ghp_x", "fp", nil); got != verdict.Unknown || !strings.Contains(reason, "network") {
		t.Fatalf("verdict %q %q, want unknown (network)", got, reason)
	}
	// Unknown is not kept: the next sighting after the rate limit checks again.
	now = now.Add(2 * time.Second)
	v.Verify("github-pat", "ghp_x", "fp", nil)
	if v.Calls(GitHub) != 2 {
		t.Fatalf("calls = %d, want 2", v.Calls(GitHub))
	}
}

func TestEveryAndRateLimit(t *testing.T) {
	f := &issuer{answer: map[string]struct {
		status int
		body   string
	}{"/user": {200, "{}"}}}
	srv := httptest.NewServer(f)
	defer srv.Close()
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	v, err := New(Config{BaseURLs: map[string]string{GitHub: srv.URL}, Every: time.Hour, MinInterval: time.Second,
		Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		advance   time.Duration
		fp        string
		want      verdict.Verdict
		wantCalls int
	}{
		{0, "a", verdict.Live, 1},
		{0, "b", "", 1},                     // same second: rate limited, not checked
		{time.Second, "b", verdict.Live, 2}, // a later sighting checks it
		{2 * time.Second, "a", "", 2},       // checked within the hour: not again
		{time.Hour, "a", verdict.Live, 3},   // re-checked after every
		{0, "c-other-rule", "", 3},          // rule not verified (below)
	}
	for i, s := range steps {
		now = now.Add(s.advance)
		rule := "github-pat"
		if s.fp == "c-other-rule" {
			rule = "generic-password"
		}
		got, _ := v.Verify(rule, "ghp_x", s.fp, nil)
		if got != s.want || v.Calls(GitHub) != s.wantCalls {
			t.Fatalf("step %d: verdict %q calls %d, want %q %d", i, got, v.Calls(GitHub), s.want, s.wantCalls)
		}
	}
}

func TestConfigRefused(t *testing.T) {
	cases := []struct {
		name string
		cfg  Config
		want string
	}{
		{"plain http off loopback", Config{BaseURLs: map[string]string{GitHub: "http://github.example.com"}}, "must be https"},
		{"unknown provider", Config{BaseURLs: map[string]string{"gitea": "https://x"}}, "unknown provider"},
		{"unverifiable rule", Config{Rules: []string{"generic-password"}}, "cannot be verified"},
		{"github rule without its installation", Config{Rules: []string{"github-pat"}}, "base_urls.github"},
		{"gitlab rule without its installation", Config{Rules: []string{"gitlab-pat"}}, "base_urls.gitlab"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := New(tc.cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

// TestSelfManagedNotSentByDefault: GitHub and GitLab tokens look the same on a company's
// own installation as on the public service, so they are verified only against a configured
// base URL: by default none is sent anywhere, while other issuers' are.
func TestSelfManagedNotSentByDefault(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer srv.Close()
	// Every default host is replaced by the fake, except GitHub's and GitLab's, left unset.
	bases := map[string]string{}
	for p := range providers {
		if !providers[p].selfManaged {
			bases[p] = srv.URL
		}
	}
	v, err := New(Config{BaseURLs: bases, HTTPClient: srv.Client(), MinInterval: time.Nanosecond})
	if err != nil {
		t.Fatal(err)
	}
	if verdict, _ := v.Verify("github-pat", "ghp_x", "fp1", nil); verdict != "" || v.Calls(GitHub) != 0 {
		t.Errorf("github token checked (%q, %d calls) without a configured GitHub", verdict, v.Calls(GitHub))
	}
	if verdict, _ := v.Verify("gitlab-pat", "glpat-x", "fp2", nil); verdict != "" || v.Calls(GitLab) != 0 {
		t.Errorf("gitlab token checked (%q, %d calls) without a configured GitLab", verdict, v.Calls(GitLab))
	}
	if verdict, _ := v.Verify("stripe-secret-key", "sk_live_x", "fp3", nil); verdict == "" || hits.Load() != 1 {
		t.Errorf("stripe key not checked against its configured host: %q, %d calls", verdict, hits.Load())
	}
	// Named explicitly, GitHub's installation gets its own tokens.
	v, err = New(Config{BaseURLs: map[string]string{GitHub: srv.URL}, HTTPClient: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	if verdict, _ := v.Verify("github-pat", "ghp_x", "fp4", nil); verdict == "" || hits.Load() != 2 {
		t.Errorf("github token not checked against the configured installation: %q", verdict)
	}
}

// TestProviderRules: every rule a provider verifies is the catalogue's, under that provider
// (the catalogue's Provider, in any case), and no rule has two providers.
func TestProviderRules(t *testing.T) {
	catalog := map[string]*queries.Rule{}
	for _, r := range queries.Catalog() {
		catalog[r.ID] = r
	}
	owner := map[string]string{}
	for name, p := range providers {
		if len(p.rules) == 0 || p.base == "" || p.request == nil {
			t.Errorf("provider %s: rules, base and request are all required", name)
		}
		for _, id := range p.rules {
			r, ok := catalog[id]
			switch {
			case !ok:
				t.Errorf("provider %s: rule %s is not in the catalogue", name, id)
			case !strings.EqualFold(r.Provider, name):
				t.Errorf("provider %s: rule %s is the catalogue's %q", name, id, r.Provider)
			}
			if o, dup := owner[id]; dup {
				t.Errorf("rule %s is verified by %s and %s", id, o, name)
			}
			owner[id] = name
			if got, _ := ruleProvider(id); got != name {
				t.Errorf("ruleProvider(%s) = %q, want %q", id, got, name)
			}
		}
	}
}

// TestProvidersDocumented: docs/operations.md has a row per provider naming its rules (a
// pattern such as openai-*-key counts) and its identity call.
func TestProvidersDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/operations.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string][]string{}
	for _, l := range strings.Split(string(doc), "\n") {
		cells := strings.Split(l, "|")
		if len(cells) < 6 {
			continue
		}
		if name := strings.TrimSpace(cells[1]); providers[name].request != nil {
			rows[name] = cells
		}
	}
	tick := regexp.MustCompile("`([^`]+)`")
	line := []byte("id=" + fakesecret.AWSKeyID(fakesecret.Fresh()))
	for name, p := range providers {
		cells, ok := rows[name]
		if !ok {
			t.Errorf("docs/operations.md: no row for provider %s", name)
			continue
		}
		var names []string
		for _, m := range tick.FindAllStringSubmatch(cells[2], -1) {
			names = append(names, m[1])
		}
		for _, id := range p.rules {
			if !slices.ContainsFunc(names, func(n string) bool { ok, _ := path.Match(n, id); return ok }) {
				t.Errorf("docs/operations.md: the %s row does not name rule %s", name, id)
			}
		}
		for _, n := range names {
			if !slices.ContainsFunc(p.rules, func(id string) bool { ok, _ := path.Match(n, id); return ok }) && strings.Contains(n, "-") {
				t.Errorf("docs/operations.md: the %s row names %s, which it does not verify", name, n)
			}
		}
		req, err := p.request(context.Background(), "https://issuer.example", "secret", line, time.Now())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if call := req.Method + " " + req.URL.Path; req.URL.Path != "/" && !strings.Contains(cells[3], "`"+call+"`") {
			t.Errorf("docs/operations.md: the %s row's call is %q, the verifier's %q", name, strings.TrimSpace(cells[3]), call)
		}
	}
}
