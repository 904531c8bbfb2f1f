package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/internal/fakesecret"
)

// TestDaemonAlertmanagerResend: the running daemon posts a new incident to Alertmanager
// through the outbox, re-posts it every resend_interval, and posts its resolution once
// `incidents resolve` (another process) enqueued it.
func TestDaemonAlertmanagerResend(t *testing.T) {
	type post struct {
		Labels map[string]string `json:"labels"`
		EndsAt time.Time         `json:"endsAt"`
		At     time.Time         `json:"-"`
	}
	var mu sync.Mutex
	var posts []post
	am := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var batch []post
		if err := json.NewDecoder(r.Body).Decode(&batch); err != nil {
			t.Errorf("decode: %v", err)
		}
		mu.Lock()
		for _, p := range batch {
			p.At = time.Now()
			posts = append(posts, p)
		}
		mu.Unlock()
	}))
	defer am.Close()
	snapshot := func() []post {
		mu.Lock()
		defer mu.Unlock()
		return append([]post(nil), posts...)
	}
	dir := t.TempDir()
	logs := filepath.Join(dir, "logs")
	secret := fakesecret.GitHub(fakesecret.Fresh(), "ghp_")
	writeFile(t, filepath.Join(logs, "app.log"), logLine(1, secret), 0o644)
	cfg := filepath.Join(dir, "config.yaml")
	writeFile(t, cfg, fmt.Sprintf(`data_dir: %s/data
sources:
  - {name: app, type: file, file: {paths: ["%s/*.log"]}, interval: 1s}
alerting:
  alertmanager: {urls: [%q], resend_interval: 1s}
`, dir, logs, am.URL), 0o644)
	d := startDaemon(t, "--config", cfg)
	waitFor(t, "the alert and two re-posts", func() bool { return len(snapshot()) >= 3 }, d)
	for _, p := range snapshot() {
		if p.Labels["incident_id"] != "1" || p.Labels["alertname"] != "SecretLeaked" || !p.EndsAt.After(p.At) {
			t.Fatalf("post %+v: want incident 1 firing", p)
		}
	}
	waitFor(t, "incidents_open with the verified label", func() bool {
		return metric(d.metrics(), `leakwatch_incidents_open{severity="critical",verified="unchecked"}`) == 1
	}, d)

	if code, out, errOut := lw(t, context.Background(), "incidents", "resolve", "1", "--config", cfg); code != 0 {
		t.Fatalf("resolve: %d %s %s", code, out, errOut)
	}
	waitFor(t, "the resolution", func() bool {
		for _, p := range snapshot() {
			if !p.EndsAt.After(p.At) {
				return true
			}
		}
		return false
	}, d)
	// Re-posts after the resolution post it resolved. (One re-post that read the incident
	// just before the resolution may still fire it; the next one resolves it again, which is
	// why resolved incidents keep being re-posted.)
	n := len(snapshot())
	waitFor(t, "two more re-posts", func() bool { return len(snapshot()) >= n+2 }, d)
	ps := snapshot()
	if last := ps[len(ps)-1]; last.EndsAt.After(last.At) {
		t.Fatalf("the latest re-post fires the resolved alert again: %+v", last)
	}
	d.stop()
	if strings.Contains(d.stderr.String(), secret) {
		t.Fatal("the daemon's log holds the secret")
	}
}
