// Package webhook delivers alerts as signed JSON POSTs to any HTTP endpoint (an incident tool,
// a chat bridge, a SOAR). It only classifies failures; the outbox worker decides when to retry.
//
// # Request
//
//	POST <url>
//	Content-Type: application/json
//	Idempotency-Key: <alert_id>          stable across retries of one alert
//	X-Leakwatch-Timestamp: <unix seconds>
//	X-Leakwatch-Signature: sha256=<hex>  only when a secret is configured
//
// The body is a Payload (see its field names). It carries only redacted data: the preview
// (sk_live_…a1b2), never the secret.
//
// # Verifying a request
//
// signature = hex(HMAC-SHA256(secret, "<X-Leakwatch-Timestamp>" + "." + <raw body bytes>)).
// A receiver recomputes it over the raw body (before any JSON parsing), compares it in
// constant time with the header after "sha256=", and rejects timestamps older than a few
// minutes to stop replays. Go receivers can call Verify. Delivery is at-least-once (a crash
// right after a successful POST re-sends it once): deduplicate on Idempotency-Key.
//
// # Answers
//
// 2xx: delivered. 429 (with Retry-After honoured), 408 and 5xx, or a network failure: retried
// with backoff. Any other status (including 3xx: redirects are not followed, so custom
// headers never reach another host): the alert is given up and the error is logged.
package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/leakwatch/leakwatch/alerting"
	"github.com/leakwatch/leakwatch/internal/httpclient"
	"github.com/leakwatch/leakwatch/internal/retryafter"
	promcfg "github.com/prometheus/common/config"
)

// Header names of a delivery.
const (
	SignatureHeader   = "X-Leakwatch-Signature"
	TimestampHeader   = "X-Leakwatch-Timestamp"
	IdempotencyHeader = "Idempotency-Key"
)

// DefaultTimeout bounds one POST.
const DefaultTimeout = 10 * time.Second

// Payload is the JSON body. Field names are a stable interface: add, never rename.
type Payload struct {
	AlertID     int64     `json:"alert_id"`    // outbox id, equal to Idempotency-Key
	Kind        string    `json:"kind"`        // "new", "reopened" or "sighting"
	IncidentID  int64     `json:"incident_id"` // groups the alerts of one leaked secret
	Rule        string    `json:"rule"`        // rule id, e.g. "stripe-secret-key"
	Severity    string    `json:"severity"`
	Description string    `json:"description"`
	Source      string    `json:"source"`   // configured source name
	Location    string    `json:"location"` // file:line, stream labels or index/_id
	Link        string    `json:"link,omitempty"`
	Preview     string    `json:"preview"`     // redacted, e.g. "sk_live_…a1b2"
	Fingerprint string    `json:"fingerprint"` // short HMAC fingerprint of the secret
	EventTime   time.Time `json:"event_time"`  // RFC 3339, UTC
	FirstSeen   time.Time `json:"first_seen,omitzero"`
	Count       int64     `json:"count"` // sightings of the incident so far
	// Verified is the live verification's verdict (live, revoked, unknown), when checked.
	Verified     string `json:"verified,omitempty"`
	VerifyReason string `json:"verify_reason,omitempty"`
}

// NewPayload is the body sent for a.
func NewPayload(a alerting.Alert) Payload {
	return Payload{
		AlertID: a.ID, Kind: string(a.Kind), IncidentID: a.IncidentID, Rule: a.RuleID,
		Severity: a.Severity, Description: alerting.Inert(a.Description), Source: a.Source, Location: alerting.Inert(a.Location),
		Link: inertLink(a.Link), Preview: alerting.Inert(a.Preview), Fingerprint: a.Fingerprint,
		EventTime: a.EventTime.UTC(), FirstSeen: utcOrZero(a.FirstSeen), Count: a.Count,
		Verified: string(a.Verified), VerifyReason: a.VerifyReason,
	}
}

func utcOrZero(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC()
}

// Config of one webhook.
type Config struct {
	Name    string            // notifier name in the outbox and metrics; default "webhook"
	URL     string            // http(s) endpoint
	Secret  []byte            // HMAC key; empty sends no signature
	Headers map[string]string // extra headers, e.g. Authorization; never logged
	Timeout time.Duration     // default DefaultTimeout
	// HTTP is prometheus/common's client settings (basic_auth, authorization, oauth2,
	// tls_config, proxy_url, http_headers); their *_file forms are read on every request.
	HTTP       promcfg.HTTPClientConfig
	HTTPClient *http.Client     // replaces the client built from HTTP (tests); redirects are disabled on a copy
	Now        func() time.Time // for tests; default time.Now
}

// Notifier posts alerts to one webhook. It is safe for concurrent use.
type Notifier struct {
	name    string
	url     string
	target  string // scheme://host, the part of the URL safe to show in errors
	headers http.Header
	http    *http.Client
	now     func() time.Time

	mu     sync.RWMutex
	secret []byte
}

var _ alerting.Notifier = (*Notifier)(nil)

// New checks cfg and returns a notifier. It makes no network call.
func New(cfg Config) (*Notifier, error) {
	name := cfg.Name
	if name == "" {
		name = "webhook"
	}
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		// Never quote the URL: its path or query may hold a token.
		return nil, fmt.Errorf("webhook %s: url must be an http(s) URL", name)
	}
	h := http.Header{}
	for k, v := range cfg.Headers {
		ck := textproto.CanonicalMIMEHeaderKey(strings.TrimSpace(k))
		switch ck {
		case SignatureHeader, TimestampHeader, IdempotencyHeader, "Content-Type", "Content-Length", "Host":
			return nil, fmt.Errorf("webhook %s: header %s is set by leakwatch and cannot be configured", name, ck)
		}
		if ck == "" || strings.ContainsAny(v, "\r\n") {
			return nil, fmt.Errorf("webhook %s: invalid header %q", name, ck)
		}
		h.Set(ck, v)
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	var c *http.Client
	if cfg.HTTPClient != nil {
		cc := *cfg.HTTPClient
		c = &cc
	} else {
		hc, err := httpclient.New(name, cfg.HTTP, httpclient.Options{})
		if err != nil {
			return nil, fmt.Errorf("webhook %s: %w", name, err)
		}
		c = hc
	}
	if c.Timeout == 0 {
		c.Timeout = timeout
	}
	// Never follow a redirect, whatever follow_redirects says: a 3xx is a failed delivery, and
	// the signature and custom headers never reach another URL.
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	return &Notifier{name: name, url: cfg.URL, target: u.Scheme + "://" + u.Host, headers: h,
		http: c, now: now, secret: bytes.Clone(cfg.Secret)}, nil
}

// Name is the notifier's name in the outbox and in metrics.
func (n *Notifier) Name() string { return n.name }

// SetSecret replaces the signing key (rotation on reload); the next Notify uses it.
func (n *Notifier) SetSecret(secret []byte) {
	s := bytes.Clone(secret)
	n.mu.Lock()
	n.secret = s
	n.mu.Unlock()
}

// maxErrBody bounds how much of an error response is quoted in an error.
const maxErrBody = 200

// Notify POSTs a. Webhooks have no threads: ref is always "".
func (n *Notifier) Notify(ctx context.Context, a alerting.Alert) (string, bool, error) {
	body, err := json.Marshal(NewPayload(a))
	if err != nil {
		return "", false, fmt.Errorf("webhook %s: encoding alert %d: %w", n.name, a.ID, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.url, bytes.NewReader(body))
	if err != nil {
		return "", false, fmt.Errorf("webhook %s: building request: check url", n.name)
	}
	for k, v := range n.headers {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "leakwatch")
	req.Header.Set(IdempotencyHeader, strconv.FormatInt(a.ID, 10))
	ts := n.now()
	req.Header.Set(TimestampHeader, strconv.FormatInt(ts.Unix(), 10))
	n.mu.RLock()
	secret := n.secret
	n.mu.RUnlock()
	if len(secret) > 0 {
		req.Header.Set(SignatureHeader, Sign(secret, ts, body))
	}

	resp, err := n.http.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the full URL may carry a token
		}
		return "", true, fmt.Errorf("webhook %s: POST %s: %w", n.name, n.target, err)
	}
	defer resp.Body.Close()
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrBody))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16)) // let the connection be reused
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return "", false, nil
	}
	what := fmt.Sprintf("webhook %s: %s answered %s", n.name, n.target, resp.Status)
	if s := clean(snippet); s != "" {
		what += ": " + s
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		err := errors.New(what)
		if d, ok := retryafter.Parse(resp.Header.Get("Retry-After"), n.now()); ok {
			return "", true, &alerting.RetryAfterError{After: d, Err: err}
		}
		return "", true, err
	case resp.StatusCode == http.StatusRequestTimeout || resp.StatusCode >= 500:
		return "", true, fmt.Errorf("%s; will retry", what)
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		return "", false, fmt.Errorf("%s; redirects are not followed: set url to the final address", what)
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return "", false, fmt.Errorf("%s; check the webhook's secret and headers (e.g. Authorization)", what)
	default:
		return "", false, fmt.Errorf("%s; the receiver rejected the alert, check its logs and the webhook url", what)
	}
}

// clean makes a response snippet safe for one log line.
func clean(b []byte) string {
	s := strings.ToValidUTF8(string(b), "?")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// Sign returns the X-Leakwatch-Signature value for body sent at ts: "sha256=" followed by the
// hex HMAC-SHA256 of "<unix seconds>.<body>" under secret.
func Sign(secret []byte, ts time.Time, body []byte) string {
	return "sha256=" + hex.EncodeToString(mac(secret, strconv.FormatInt(ts.Unix(), 10), body))
}

func mac(secret []byte, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return m.Sum(nil)
}

// Errors returned by Verify.
var (
	ErrBadSignature = errors.New("webhook signature does not match")
	ErrStale        = errors.New("webhook timestamp outside the allowed age")
)

// Verify checks a delivery on the receiving side: header is X-Leakwatch-Signature, ts is
// X-Leakwatch-Timestamp and body the raw request body. maxAge > 0 rejects timestamps further
// than maxAge from now (either way), which stops replays; 5 minutes is a good value.
func Verify(secret []byte, header, ts string, body []byte, maxAge time.Duration) error {
	return verifyAt(secret, header, ts, body, maxAge, time.Now())
}

func verifyAt(secret []byte, header, ts string, body []byte, maxAge time.Duration, now time.Time) error {
	secs, err := strconv.ParseInt(strings.TrimSpace(ts), 10, 64)
	if err != nil {
		return fmt.Errorf("webhook timestamp %q is not unix seconds", ts)
	}
	if maxAge > 0 {
		if d := now.Sub(time.Unix(secs, 0)); d > maxAge || d < -maxAge {
			return ErrStale
		}
	}
	hexSig, ok := strings.CutPrefix(strings.TrimSpace(header), "sha256=")
	if !ok {
		return ErrBadSignature
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil {
		return ErrBadSignature
	}
	if !hmac.Equal(got, mac(secret, strings.TrimSpace(ts), body)) {
		return ErrBadSignature
	}
	return nil
}

// inertLink keeps a web link as it is (leakwatch built it, escaped) and makes any other
// (file:path:line) inert like the location.
func inertLink(link string) string {
	if strings.HasPrefix(link, "https://") || strings.HasPrefix(link, "http://") {
		return link
	}
	return alerting.Inert(link)
}
