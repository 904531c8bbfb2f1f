package deploy_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/internal/config"
	"github.com/leakwatch/leakwatch/internal/daemon"
	"github.com/leakwatch/leakwatch/internal/demo"
	"github.com/leakwatch/leakwatch/sources/loki/lokifake"
)

// TestReferencedMetricsExistInDaemonScrape runs the real daemon (on the bundled demo) and
// scrapes its /metrics: every metric the alert rules and the dashboard query must be there,
// without any help from the test.
func TestReferencedMetricsExistInDaemonScrape(t *testing.T) {
	dir := t.TempDir()
	// A Loki source beside the demo's files, so the store-cost metrics are exported too.
	lokiSrv := httptest.NewServer(lokifake.New(lokifake.Options{}))
	defer lokiSrv.Close()
	extra, err := config.Parse([]byte("sources:\n  - {name: demo-loki, type: loki, loki: {url: '"+lokiSrv.URL+"'}}\n"),
		func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- daemon.Run(ctx, daemon.Options{
			Load: func() (*config.Config, error) {
				cfg, err := demo.Extract(dir)
				if err == nil {
					cfg.Listen = "127.0.0.1:0"
					cfg.Sources = append(cfg.Sources, extra.Sources...)
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
		if strings.Contains(body, `leakwatch_notifications_total{notifier="log"} 1`) &&
			strings.Contains(body, `leakwatch_incidents_open{severity="critical",verified="unchecked"} 1`) &&
			storeScanned.MatchString(body) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("demo scan not reflected in /metrics:\n%s", body)
		}
		time.Sleep(100 * time.Millisecond)
	}
	checkMetricsLint(t, body)
	checkCleanBuckets(t, body)
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

// storeScanned: the Loki source's first scan was answered and counted as a scan query.
var storeScanned = regexp.MustCompile(`(?m)^leakwatch_store_queries_total\{kind="scan",source="demo-loki"\} [1-9]`)

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

// checkMetricsLint runs promtool check metrics on the scrape: names, units, HELP and the
// _total suffix as Prometheus's linter wants them.
func checkMetricsLint(t *testing.T, body string) {
	t.Helper()
	cmd := exec.Command(promtool(t), "check", "metrics")
	cmd.Stdin = strings.NewReader(body)
	out, err := cmd.CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Errorf("promtool check metrics: %v\n%s", err, out)
	}
}

var leRe = regexp.MustCompile(`^(leakwatch_\w+)_bucket\{.*le="([^"]+)"`)

// checkCleanBuckets: every bucket bound prints as the number it means (le="7.29", not
// le="7.290000000000001", which ExponentialBuckets gives).
func checkCleanBuckets(t *testing.T, body string) {
	t.Helper()
	seen := 0
	for _, line := range strings.Split(body, "\n") {
		m := leRe.FindStringSubmatch(line)
		if m == nil || m[2] == "+Inf" {
			continue
		}
		seen++
		v, err := strconv.ParseFloat(m[2], 64)
		if err != nil {
			t.Errorf("%s: le=%q is not a number", m[1], m[2])
			continue
		}
		if short := strconv.FormatFloat(v, 'g', 4, 64); short != m[2] {
			t.Errorf("%s: le=%q, want a clean bound like %q", m[1], m[2], short)
		}
	}
	if seen == 0 {
		t.Error("no leakwatch histogram bucket in the scrape")
	}
}
