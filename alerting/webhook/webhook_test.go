package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/alerting"
	"github.com/leakwatch/leakwatch/internal/fakesecret"
	promcfg "github.com/prometheus/common/config"
)

var clock = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

func testAlert(t *testing.T) (alerting.Alert, string) {
	secret := fakesecret.GitHub(fakesecret.Fresh(), "ghp_") // only its preview is in the alert
	return alerting.Alert{
		ID: 99, Kind: alerting.KindNew, IncidentID: 3, RuleID: "github-pat", Description: "GitHub personal access token",
		Severity: "high", Source: "app-files", Location: "/var/log/app.log:12", Link: "https://kibana.example.com/x",
		Preview: "ghp_…" + secret[len(secret)-4:], Fingerprint: "0a1b2c3d4e5f",
		EventTime: clock.Add(-time.Minute).In(time.FixedZone("X", 7200)), FirstSeen: clock.Add(-time.Hour), Count: 2,
	}, secret
}

type got struct {
	header http.Header
	body   []byte
}

type receiver struct {
	mu     sync.Mutex
	got    []got
	status int
	header map[string]string
	answer string
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	rc.got = append(rc.got, got{r.Header.Clone(), b})
	status := rc.status
	rc.mu.Unlock()
	for k, v := range rc.header {
		w.Header().Set(k, v)
	}
	if status == 0 {
		status = http.StatusAccepted
	}
	w.WriteHeader(status)
	fmt.Fprint(w, rc.answer)
}

func TestNotify(t *testing.T) {
	key := []byte(fakesecret.From(fakesecret.Fresh(), fakesecret.Base62, 32))
	tests := []struct {
		name      string
		status    int
		header    map[string]string
		answer    string
		down      bool
		wantErr   bool
		wantRetry bool
		wantAfter time.Duration
		wantMsg   string
	}{
		{name: "202 delivers", status: 202},
		{name: "204 delivers", status: 204},
		{name: "429 Retry-After seconds", status: 429, header: map[string]string{"Retry-After": "120"}, wantErr: true, wantRetry: true, wantAfter: 2 * time.Minute, wantMsg: "429"},
		{name: "429 Retry-After date", status: 429, header: map[string]string{"Retry-After": clock.Add(90 * time.Second).Format(http.TimeFormat)}, wantErr: true, wantRetry: true, wantAfter: 90 * time.Second},
		{name: "429 without Retry-After", status: 429, wantErr: true, wantRetry: true},
		{name: "500", status: 500, answer: "db down\nline2", wantErr: true, wantRetry: true, wantMsg: "db down line2"},
		{name: "502", status: 502, wantErr: true, wantRetry: true, wantMsg: "will retry"},
		{name: "408", status: 408, wantErr: true, wantRetry: true},
		{name: "400 gives up", status: 400, answer: `{"error":"bad field"}`, wantErr: true, wantMsg: "bad field"},
		{name: "401 names secret and headers", status: 401, wantErr: true, wantMsg: "Authorization"},
		{name: "404", status: 404, wantErr: true, wantMsg: "404"},
		{name: "301 is not followed", status: 301, header: map[string]string{"Location": "https://elsewhere.example.com/"}, wantErr: true, wantMsg: "redirects are not followed"},
		{name: "down", down: true, wantErr: true, wantRetry: true, wantMsg: "POST http://127.0.0.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := &receiver{status: tt.status, header: tt.header, answer: tt.answer}
			srv := httptest.NewServer(rc)
			pathToken := fakesecret.From(fakesecret.Fresh(), fakesecret.Base62, 20)
			n, err := New(Config{URL: srv.URL + "/hooks/" + pathToken + "?token=" + pathToken, Secret: key,
				Headers: map[string]string{"authorization": "Bearer " + pathToken, "X-Team": "sec"},
				Now:     func() time.Time { return clock }})
			if err != nil {
				t.Fatal(err)
			}
			if tt.down {
				srv.Close()
			} else {
				defer srv.Close()
			}
			a, secret := testAlert(t)
			ref, retry, err := n.Notify(context.Background(), a)
			if ref != "" {
				t.Errorf("ref = %q", ref)
			}
			if (err != nil) != tt.wantErr || retry != tt.wantRetry {
				t.Fatalf("err %v retry %v; want err %v retry %v", err, retry, tt.wantErr, tt.wantRetry)
			}
			if err != nil {
				if !strings.Contains(err.Error(), tt.wantMsg) {
					t.Errorf("error %q lacks %q", err, tt.wantMsg)
				}
				if strings.Contains(err.Error(), pathToken) {
					t.Fatal("the error quotes the URL's path, query or a header value")
				}
				after, _ := alerting.RetryAfter(err)
				if after != tt.wantAfter {
					t.Errorf("RetryAfter = %v, want %v", after, tt.wantAfter)
				}
			}
			if tt.down {
				return
			}
			rc.mu.Lock()
			defer rc.mu.Unlock()
			if len(rc.got) != 1 {
				t.Fatalf("receiver got %d requests, want 1 (no redirect followed)", len(rc.got))
			}
			g := rc.got[0]
			h := g.header
			if h.Get("Idempotency-Key") != "99" || h.Get("Content-Type") != "application/json" ||
				h.Get("Authorization") != "Bearer "+pathToken || h.Get("X-Team") != "sec" {
				t.Errorf("headers: %v", h)
			}
			if ts := h.Get(TimestampHeader); ts != strconv.FormatInt(clock.Unix(), 10) {
				t.Errorf("timestamp header %q", ts)
			}
			if err := verifyAt(key, h.Get(SignatureHeader), h.Get(TimestampHeader), g.body, 5*time.Minute, clock.Add(time.Second)); err != nil {
				t.Errorf("signature does not verify: %v", err)
			}
			if strings.Contains(string(g.body), secret) {
				t.Fatal("the body contains the secret")
			}
		})
	}
}

// TestPayloadFieldNames pins the documented JSON: receivers depend on these names.
func TestPayloadFieldNames(t *testing.T) {
	a, _ := testAlert(t)
	b, err := json.Marshal(NewPayload(a))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"alert_id": 99.0, "kind": "new", "incident_id": 3.0, "rule": "github-pat", "severity": "high",
		"description": "GitHub personal access token", "source": "app-files", "location": "/var/log/app.log:12",
		"link": "https://kibana.example.com/x", "preview": a.Preview, "fingerprint": "0a1b2c3d4e5f",
		"event_time": "2026-03-04T05:05:07Z", "first_seen": "2026-03-04T04:06:07Z", "count": 2.0,
	}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s = %v, want %v", k, m[k], v)
		}
	}
	if len(m) != len(want) {
		t.Errorf("payload has %d fields, want %d: %s", len(m), len(want), b)
	}
	a.Link, a.FirstSeen = "", time.Time{}
	b, _ = json.Marshal(NewPayload(a))
	if strings.Contains(string(b), `"link"`) || strings.Contains(string(b), `"first_seen"`) {
		t.Errorf("empty link/first_seen not omitted: %s", b)
	}
}

func TestVerify(t *testing.T) {
	key := []byte(fakesecret.From(fakesecret.Fresh(), fakesecret.Base62, 32))
	body := []byte(`{"alert_id":1,"kind":"new"}`)
	ts := strconv.FormatInt(clock.Unix(), 10)
	sig := Sign(key, clock, body)
	tests := []struct {
		name   string
		key    []byte
		header string
		ts     string
		body   []byte
		now    time.Time
		maxAge time.Duration
		want   error
	}{
		{name: "valid", key: key, header: sig, ts: ts, body: body, now: clock.Add(time.Minute), maxAge: 5 * time.Minute},
		{name: "no age limit", key: key, header: sig, ts: ts, body: body, now: clock.Add(48 * time.Hour)},
		{name: "tampered body", key: key, header: sig, ts: ts, body: []byte(`{"alert_id":2,"kind":"new"}`), now: clock, want: ErrBadSignature},
		{name: "other key", key: []byte("other"), header: sig, ts: ts, body: body, now: clock, want: ErrBadSignature},
		{name: "timestamp changed", key: key, header: sig, ts: strconv.FormatInt(clock.Unix()+1, 10), body: body, now: clock, want: ErrBadSignature},
		{name: "replayed late", key: key, header: sig, ts: ts, body: body, now: clock.Add(6 * time.Minute), maxAge: 5 * time.Minute, want: ErrStale},
		{name: "from the future", key: key, header: sig, ts: ts, body: body, now: clock.Add(-6 * time.Minute), maxAge: 5 * time.Minute, want: ErrStale},
		{name: "no prefix", key: key, header: strings.TrimPrefix(sig, "sha256="), ts: ts, body: body, now: clock, want: ErrBadSignature},
		{name: "not hex", key: key, header: "sha256=zz", ts: ts, body: body, now: clock, want: ErrBadSignature},
		{name: "bad timestamp", key: key, header: sig, ts: "yesterday", body: body, now: clock, want: errors.New("not unix seconds")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := verifyAt(tt.key, tt.header, tt.ts, tt.body, tt.maxAge, tt.now)
			switch {
			case tt.want == nil && err != nil:
				t.Fatalf("verify = %v, want ok", err)
			case tt.want == nil:
			case errors.Is(tt.want, ErrBadSignature) || errors.Is(tt.want, ErrStale):
				if !errors.Is(err, tt.want) {
					t.Fatalf("verify = %v, want %v", err, tt.want)
				}
			case err == nil || !strings.Contains(err.Error(), tt.want.Error()):
				t.Fatalf("verify = %v, want %v", err, tt.want)
			}
		})
	}
	// Verify (wall clock) accepts a fresh signature.
	now := time.Now()
	if err := Verify(key, Sign(key, now, body), strconv.FormatInt(now.Unix(), 10), body, time.Minute); err != nil {
		t.Fatalf("Verify(fresh) = %v", err)
	}
}

func TestSetSecretAndNoSecret(t *testing.T) {
	rc := &receiver{}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	n, err := New(Config{URL: srv.URL, Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := testAlert(t)
	if _, _, err := n.Notify(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	newKey := []byte(fakesecret.From(fakesecret.Fresh(), fakesecret.Base62, 32))
	n.SetSecret(newKey)
	if _, _, err := n.Notify(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	if s := rc.got[0].header.Get(SignatureHeader); s != "" {
		t.Errorf("unsigned webhook sent a signature %q", s)
	}
	g := rc.got[1]
	if err := verifyAt(newKey, g.header.Get(SignatureHeader), g.header.Get(TimestampHeader), g.body, time.Minute, clock); err != nil {
		t.Errorf("after SetSecret the signature does not verify with the new key: %v", err)
	}
}

func TestNewValidates(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"no url", Config{}, "http(s) URL"},
		{"not http", Config{URL: "ftp://x/secretpath"}, "http(s) URL"},
		{"reserved header", Config{URL: "https://x", Headers: map[string]string{"x-leakwatch-signature": "v"}}, "set by leakwatch"},
		{"idempotency header", Config{URL: "https://x", Headers: map[string]string{"Idempotency-Key": "v"}}, "set by leakwatch"},
		{"header injection", Config{URL: "https://x", Headers: map[string]string{"X-A": "v\r\nX-B: w"}}, "invalid header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("New = %v, want %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "secretpath") {
				t.Fatal("error quotes the URL")
			}
		})
	}
}

// TestHTTPClientConfig: prometheus/common's HTTP settings reach the receiver (basic auth
// from a file, a header from a file), the files are read again on every POST (a rotated
// credential needs no reload), and a redirect is still not followed.
func TestHTTPClientConfig(t *testing.T) {
	dir := t.TempDir()
	pw, tok := filepath.Join(dir, "password"), filepath.Join(dir, "token")
	write := func(p, v string) {
		if err := os.WriteFile(p, []byte(v+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(pw, "pw-1")
	write(tok, "tok-1")
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, p, _ := r.BasicAuth()
		mu.Lock()
		got = append(got, u+":"+p+" "+r.Header.Get("X-Token"))
		mu.Unlock()
		if r.URL.Path == "/moved" {
			http.Redirect(w, r, "/elsewhere", http.StatusFound)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	hc := promcfg.HTTPClientConfig{
		BasicAuth:   &promcfg.BasicAuth{Username: "lw", PasswordFile: pw},
		HTTPHeaders: &promcfg.Headers{Headers: map[string]promcfg.Header{"X-Token": {Files: []string{tok}}}},
		// Even when asked to, a webhook never follows a redirect (the signature and
		// headers must not reach another URL).
		FollowRedirects: true,
	}
	n, err := New(Config{URL: srv.URL, HTTP: hc, Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := testAlert(t)
	if _, _, err := n.Notify(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	write(pw, "pw-2")
	write(tok, "tok-2")
	if _, _, err := n.Notify(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	moved, err := New(Config{URL: srv.URL + "/moved", HTTP: hc})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := moved.Notify(context.Background(), a); err == nil {
		t.Error("a 302 counted as delivered")
	}
	mu.Lock()
	defer mu.Unlock()
	want := []string{"lw:pw-1 tok-1", "lw:pw-2 tok-2", "lw:pw-2 tok-2"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("receiver saw %q, want %q (the last: one POST, the redirect not followed)", got, want)
	}
}
