package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/leakwatch/leakwatch/internal/fakesecret"
)

// TestLiveVerificationEndToEnd: with verify enabled and Slack's API pointed at a loopback
// fake, a leaked bot token (severity high) that still works is checked once, with its
// issuer only, and the incident is live and raised to critical in the state, in the
// webhook alert and in incidents show; the secret appears nowhere else. A revoked one stays
// high.
func TestLiveVerificationEndToEnd(t *testing.T) {
	ctx := context.Background()
	r := fakesecret.Fresh()
	live, revoked := fakesecret.SlackBot(r), fakesecret.SlackBot(r)
	var mu sync.Mutex
	var issuerSaw []string
	issuer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		mu.Lock()
		issuerSaw = append(issuerSaw, req.URL.Path+" "+req.Header.Get("Authorization"))
		mu.Unlock()
		if req.Header.Get("Authorization") == "Bearer "+live {
			fmt.Fprint(w, `{"ok":true,"team":"acme"}`)
			return
		}
		fmt.Fprint(w, `{"ok":false,"error":"invalid_auth"}`)
	}))
	defer issuer.Close()
	var hooks []string
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		mu.Lock()
		hooks = append(hooks, string(b))
		mu.Unlock()
	}))
	defer hook.Close()

	dir := t.TempDir()
	logs := filepath.Join(dir, "app.log")
	if err := os.WriteFile(logs, []byte("token="+live+"\nother="+revoked+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf(`data_dir: %s
sources:
  - {name: app, type: file, file: {paths: [%s]}}
alerting:
  webhooks: [{url: %q}]
verify:
  enabled: true
  rules: [slack-bot-token]
  min_interval: 1ns   # each call waits for the last one's answer: never rate-limited here
  base_urls: {slack: %q}
`, filepath.Join(dir, "data"), logs, hook.URL, issuer.URL)), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := lw(t, ctx, "run", "--once", "--config", cfg)
	if code != 1 { // the incident is open
		t.Fatalf("run --once: %d, want 1\n%s\n%s", code, out, errOut)
	}
	mu.Lock()
	saw := append([]string(nil), issuerSaw...)
	hookBodies := strings.Join(hooks, "\n")
	mu.Unlock()
	if len(saw) != 2 || !strings.HasPrefix(saw[0], "/api/auth.test Bearer xoxb-") || !strings.HasPrefix(saw[1], "/api/auth.test Bearer xoxb-") {
		// The calls carry the tokens: say how many, not what.
		t.Fatalf("issuer saw %d calls, want one auth.test call per token", len(saw))
	}
	if !strings.Contains(hookBodies, `"severity":"critical"`) || !strings.Contains(hookBodies, `"verified":"live"`) ||
		!strings.Contains(hookBodies, `"verified":"revoked"`) {
		t.Fatalf("webhook alerts lack the verdicts:\n%s", hookBodies)
	}
	code, list, _ := lw(t, ctx, "incidents", "list", "--config", cfg, "--format", "json")
	if code != 0 || strings.Count(list, `"verified":"live"`) != 1 || strings.Count(list, `"severity":"critical"`) != 1 ||
		!strings.Contains(list, `"verified":"revoked"`) || strings.Count(list, `"severity":"high"`) != 1 {
		t.Fatalf("incidents list:\n%s", list)
	}
	_, show, _ := lw(t, ctx, "incidents", "show", "1", "--config", cfg)
	_, show2, _ := lw(t, ctx, "incidents", "show", "2", "--config", cfg)
	if !strings.Contains(show+show2, "verified:    live (slack auth.test: ok)") {
		t.Fatalf("incidents show:\n%s\n%s", show, show2)
	}
	for name, s := range map[string]string{"stdout": out, "stderr": errOut, "webhook": hookBodies, "list": list, "show": show + show2} {
		if strings.Contains(s, live) || strings.Contains(s, revoked) {
			t.Fatalf("%s holds a secret", name)
		}
	}
}
