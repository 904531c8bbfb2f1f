package deploy_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/internal/config"
	"github.com/leakwatch/leakwatch/internal/daemon"
	"github.com/leakwatch/leakwatch/internal/demo"
)

// TestReferencedMetricsExistInDaemonScrape runs the real daemon (on the bundled demo) and
// scrapes its /metrics: every metric the alert rules and the dashboard query must be there,
// without any help from the test.
func TestReferencedMetricsExistInDaemonScrape(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- daemon.Run(ctx, daemon.Options{
			Load: func() (*config.Config, error) {
				cfg, err := demo.Extract(dir)
				if err == nil {
					cfg.Listen = "127.0.0.1:0"
				}
				return cfg, err
			},
			Listening: func(a string) { addr <- a },
		})
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("daemon: %v", err)
		}
	}()
	var url string
	select {
	case a := <-addr:
		url = "http://" + a + "/metrics"
	case err := <-done:
		t.Fatalf("daemon stopped: %v", err)
	case <-time.After(60 * time.Second):
		t.Fatal("daemon did not listen")
	}
	var body string
	deadline := time.Now().Add(60 * time.Second)
	for {
		body = get(t, url)
		// The demo's first scan finished and its alert was delivered.
		if strings.Contains(body, `leakwatch_alerts_sent_total{notifier="log",result="success"} 1`) &&
			strings.Contains(body, `leakwatch_incidents_open{severity="critical",verified="unchecked"} 1`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("demo scan not reflected in /metrics:\n%s", body)
		}
		time.Sleep(100 * time.Millisecond)
	}
	have := MetricNamesFromScrape(body)
	for what, exprs := range map[string][]string{
		"deploy/prometheus/leakwatch-rules.yaml": ruleExprs(t),
		"deploy/grafana/leakwatch.json":          dashboardExprs(t),
	} {
		for n := range referencedMetrics(exprs) {
			if !have[n] {
				t.Errorf("%s references %s, which the running daemon does not export", what, n)
			}
		}
	}
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}
