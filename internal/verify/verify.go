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
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/leakwatch/leakwatch/internal/verdict"
)

// Config of the verifier.
type Config struct {
	// Rules limits verification to these rule ids (empty: every rule a provider issues).
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
	for name, p := range providers {
		v.base[name] = p.base
	}
	for p, u := range cfg.BaseURLs {
		if _, ok := providers[p]; !ok {
			return nil, fmt.Errorf("base_urls: unknown provider %q", p)
		}
		if err := checkBase(u); err != nil {
			return nil, fmt.Errorf("base_urls.%s: %w", p, err)
		}
		v.base[p] = strings.TrimRight(u, "/")
	}
	if len(cfg.Rules) == 0 {
		for name, p := range providers {
			if _, set := cfg.BaseURLs[name]; p.selfManaged && !set {
				continue // whose installation issued it is unknown: not sent anywhere
			}
			for _, r := range p.rules {
				v.rules[r] = name
			}
		}
	}
	for i, r := range cfg.Rules {
		p, ok := ruleProvider(r)
		if !ok {
			return nil, fmt.Errorf("rules[%d]: rule %q cannot be verified (verifiable: see docs/operations.md)", i, r)
		}
		if _, set := cfg.BaseURLs[p]; providers[p].selfManaged && !set {
			return nil, fmt.Errorf("rules[%d]: rule %q: set base_urls.%s to the %s that issues your tokens (%s for the public service): its tokens look the same on a self-managed installation, and are never sent to a host not configured", i, r, p, p, providers[p].base)
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

// Verify implements detector.Verifier.
func (v *Verifier) Verify(ruleID, secret, fingerprint string, line []byte) (verdict.Verdict, string) {
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
	said, reason := v.call(ctx, p, secret, line)
	if said == verdict.Unknown {
		// Not a verdict to keep for a day: try again on a later sighting.
		v.mu.Lock()
		delete(v.checked, fingerprint)
		v.mu.Unlock()
	}
	return said, reason
}

// call asks provider p's identity endpoint about secret and reads the answer.
func (v *Verifier) call(ctx context.Context, p, secret string, line []byte) (verdict.Verdict, string) {
	pr := providers[p]
	req, err := pr.request(ctx, v.base[p], secret, line, v.cfg.Now())
	if err != nil {
		var r reason
		if errors.As(err, &r) {
			return verdict.Unknown, string(r)
		}
		return verdict.Unknown, "could not build the request"
	}
	req.Header.Set("User-Agent", "leakwatch-verify")
	resp, err := v.client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return verdict.Unknown, p + ": timed out"
		}
		return verdict.Unknown, p + ": network error"
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	code := resp.StatusCode
	if pr.answer != nil {
		if said, why := pr.answer(code, data); said != "" {
			return said, why
		}
	}
	live, revoked := pr.live, pr.revoked
	if live == nil {
		live = []int{200}
	}
	if revoked == nil {
		revoked = []int{401}
	}
	if slices.Contains(live, code) {
		return verdict.Live, fmt.Sprintf("%s answered %d", p, code)
	}
	if slices.Contains(revoked, code) {
		return verdict.Revoked, fmt.Sprintf("%s answered %d", p, code)
	}
	return verdict.Unknown, fmt.Sprintf("%s answered %d", p, code)
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
