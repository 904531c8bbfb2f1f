package main

import (
	"bytes"
	"context"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/leakwatch/leakwatch/internal/fakesecret"
)

// TestDaemonCredentialFileRotation: a rotated token file takes effect with no signal at all
// (Kubernetes updates mounted secrets; a distroless image has no kill to send SIGHUP).
func TestDaemonCredentialFileRotation(t *testing.T) {
	s := newSetup(t, "0s")
	r := rand.New(rand.NewPCG(5, 0))
	one, two := fakesecret.GitHub(r, "ghp_"), fakesecret.GitHub(r, "ghp_")
	writeFile(t, filepath.Join(s.logs, "app.log"), logLine(1, one), 0o644)
	d := startDaemon(t, "--config", s.cfg, "--watch-interval", "100ms")
	waitFor(t, "first alert", func() bool { return len(s.slack.messages()) == 1 }, d)

	writeFile(t, s.tokenFile, "xoxb-test-token-rotated\n", 0o600)
	waitFor(t, "reload by file change", func() bool {
		return metric(d.metrics(), `leakwatch_config_reloads_total{result="success"}`) == 1
	}, d)
	appendFile(t, filepath.Join(s.logs, "app.log"), logLine(2, two))
	waitFor(t, "second alert", func() bool { return len(s.slack.messages()) == 2 }, d)
	if got := s.slack.messages()[1].Token; got != "xoxb-test-token-rotated" {
		t.Errorf("after rotation Slack was called with %q", got)
	}
	d.stop()
	auditNoSecret(t, []string{one, two, "xoxb-test-token-rotated"}, map[string]string{"stderr": d.stderr.String()}, filepath.Join(s.dir, "data"))
}

// TestDaemonHealthEndpoints: /healthz and /readyz answer once config and state are loaded;
// the healthcheck command (the container's HEALTHCHECK) agrees.
func TestDaemonHealthEndpoints(t *testing.T) {
	s := newSetup(t, "0s")
	writeFile(t, filepath.Join(s.logs, "app.log"), "quiet\n", 0o644)
	d := startDaemon(t, "--config", s.cfg)
	for _, p := range []string{"/healthz", "/readyz"} {
		resp, err := http.Get("http://" + d.addr + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", p, resp.StatusCode)
		}
	}
	var out bytes.Buffer
	c := cli{stdout: &out, stderr: &out, getenv: os.Getenv}
	for _, args := range [][]string{
		{"healthcheck", "--config", s.cfg, "--listen", d.addr},
		{"healthcheck", "--url", "http://" + d.addr + "/healthz"},
	} {
		if code := run(context.Background(), args, c); code != 0 {
			t.Errorf("%v against a running daemon: %d %s", args, code, out.String())
		}
	}
	d.stop()
	for _, args := range [][]string{
		{"healthcheck", "--config", s.cfg, "--listen", d.addr},
		{"healthcheck", "--url", "http://" + d.addr + "/healthz"},
	} {
		if code := run(context.Background(), args, c); code != 1 {
			t.Errorf("%v against a stopped daemon: %d, want 1\n%s", args, code, out.String())
		}
	}
}
