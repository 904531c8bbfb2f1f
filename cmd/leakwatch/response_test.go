package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/sources/loki/lokifake"
)

// TestIncidentResponseCLI: a leak found in Loki reaches Alertmanager; purge --dry-run
// prints the delete request; purge sends it and records it; --check confirms the line is
// gone once Loki processed it; incidents show reports it; resolve ends the alert.
func TestIncidentResponseCLI(t *testing.T) {
	ctx := context.Background()
	now := time.Now().UTC()
	fake := lokifake.New(lokifake.Options{})
	fake.EnableDeletion(lokifake.DeletionFilterAndDelete)
	secret := fakesecret.GitHub(fakesecret.Fresh(), "ghp_")
	at := now.Add(-10 * time.Minute).Truncate(time.Millisecond).Add(456 * time.Microsecond)
	if err := fake.Push("fake", map[string]string{"job": "api"},
		lokifake.Entry{Time: at, Line: "deploy token=" + secret}, lokifake.Entry{Time: at, Line: "deploy done"}); err != nil {
		t.Fatal(err)
	}
	lokiSrv := httptest.NewServer(fake)
	defer lokiSrv.Close()

	var mu sync.Mutex
	var posted []map[string]any
	am := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var batch []map[string]any
		if err := json.NewDecoder(r.Body).Decode(&batch); err != nil || r.URL.Path != "/api/v2/alerts" {
			t.Errorf("alertmanager got %s: %v", r.URL.Path, err)
		}
		mu.Lock()
		posted = append(posted, batch...)
		mu.Unlock()
	}))
	defer am.Close()

	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf(`data_dir: %s
log: {level: warn}
sources:
  - name: prod-loki
    type: loki
    loki:
      url: %s
      selectors: ['{job="api"}']
alerting:
  alertmanager: {urls: [%q], resend_interval: 1m}
`, filepath.Join(dir, "data"), lokiSrv.URL, am.URL)), 0o600); err != nil {
		t.Fatal(err)
	}

	// Exit status 1: the incident it opened is open.
	if code, out, errOut := lw(t, ctx, "run", "--once", "--config", cfg); code != 1 {
		t.Fatalf("run --once: %d, want 1\n%s\n%s", code, out, errOut)
	}
	mu.Lock()
	if len(posted) != 1 || posted[0]["labels"].(map[string]any)["incident_id"] != "1" {
		t.Fatalf("alertmanager posts = %v", posted)
	}
	mu.Unlock()

	code, out, errOut := lw(t, ctx, "incidents", "purge", "1", "--dry-run", "--config", cfg)
	if code != 0 || !strings.Contains(out, "POST /loki/api/v1/delete?") || !strings.Contains(out, `query {job="api"} |= `+"`ghp_`") ||
		len(fake.DeleteRequests()) != 0 {
		t.Fatalf("dry run: %d\n%s\n%s", code, out, errOut)
	}
	code, out, errOut = lw(t, ctx, "incidents", "purge", "1", "--wait", "0", "--config", cfg)
	if code != 1 || !strings.Contains(out, "1 line(s) requested") || len(fake.DeleteRequests()) != 1 {
		t.Fatalf("purge: %d\n%s\n%s", code, out, errOut)
	}
	reqID := fake.DeleteRequests()[0].ID
	fake.ProcessDeletes() // the compactor's pass
	code, out, errOut = lw(t, ctx, "incidents", "purge", "1", "--check", "--wait", "0", "--config", cfg)
	if code != 0 || !strings.Contains(out, "1 line(s) deleted") || len(fake.DeleteRequests()) != 1 {
		t.Fatalf("purge --check: %d\n%s\n%s", code, out, errOut)
	}
	code, out, _ = lw(t, ctx, "incidents", "show", "1", "--config", cfg)
	if code != 0 || !strings.Contains(out, "request "+reqID+": DELETED") {
		t.Fatalf("show:\n%s", out)
	}
	code, rep, errOut := lw(t, ctx, "report", "--config", cfg, "--since", "1d", "--format", "json")
	if code > 1 || !strings.Contains(rep, `"purge": "deleted"`) && !strings.Contains(rep, `"purge":"deleted"`) {
		t.Fatalf("report (%d) lacks the purge:\n%s\n%s", code, rep, errOut)
	}
	for _, o := range []string{out, rep} {
		if strings.Contains(o, secret) {
			t.Fatal("output holds the secret")
		}
	}

	if code, out, errOut := lw(t, ctx, "incidents", "resolve", "1", "--config", cfg); code != 0 {
		t.Fatalf("resolve: %d %s %s", code, out, errOut)
	}
	if code, out, errOut := lw(t, ctx, "run", "--once", "--config", cfg); code != 0 {
		t.Fatalf("second run --once: %d\n%s\n%s", code, out, errOut)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(posted) != 2 {
		t.Fatalf("alertmanager posts = %v, want the firing then the resolved alert", posted)
	}
	ends, err := time.Parse(time.RFC3339Nano, posted[1]["endsAt"].(string))
	if err != nil || ends.After(time.Now()) {
		t.Fatalf("resolved alert endsAt = %v (%v)", posted[1]["endsAt"], err)
	}
	raw, _ := json.Marshal(posted)
	if strings.Contains(string(raw), secret) {
		t.Fatal("an alert holds the secret")
	}
}
