package engine_test

import (
	"bytes"
	"context"
	"log/slog"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/backoff"
	"github.com/leakwatch/leakwatch/internal/engine"
	"github.com/leakwatch/leakwatch/queries"
	"github.com/leakwatch/leakwatch/sources"
)

// decorated wraps a source as a metrics or tracing decorator would: only Name and Scan,
// and Unwrap, so the engine still finds what the inner source can do.
type decorated struct{ sources.Source }

func (d decorated) Unwrap() sources.Source { return d.Source }

// opaque wraps a source without Unwrap: its capabilities are hidden.
type opaque struct{ sources.Source }

// A wrapped Loki source is still re-verified: a late line behind the covered window is
// found through the wrapper, as TestLateLinesReverified finds it without one.
func TestWrappedSourceKeepsReverification(t *testing.T) {
	x := newRecheckEnv(t, `{job=~".+"}`, 24*time.Hour)
	x.job.Source = decorated{x.job.Source}
	if !x.eng.Reverifies(x.job) {
		t.Fatal("the wrapped source does not re-verify: its Volumes were lost through the wrapper")
	}
	rng := rand.New(rand.NewPCG(12, 0))
	T := e2eT0
	for m := 125; m > 0; m -= 5 {
		x.push(t, map[string]string{"job": "api"}, T.Add(-time.Duration(m)*time.Minute), "GET /v1/items 200")
	}
	x.run(t)
	x.push(t, map[string]string{"job": "batch"}, T.Add(-60*time.Minute), "replayed: deploy using token "+ghToken(rng))
	x.clk.Add(time.Hour)
	x.run(t)
	if got := x.incidents(t); got != 1 {
		t.Fatalf("%d incidents, want 1: the late line behind the wrapped source's window was not re-verified", got)
	}
	if got := testutil.ToFloat64(x.m.LateLines.WithLabelValues("loki-prod")); got != 1 {
		t.Errorf("late_lines_total = %v, want 1", got)
	}
}

// A source whose wrapper hides its counter is not silently left un-verified: the engine
// says once that re-verification is off for it.
func TestMissingCapabilityIsSaid(t *testing.T) {
	x := newRecheckEnv(t, `{job=~".+"}`, 24*time.Hour)
	var log bytes.Buffer
	det, err := detector.New(queries.Catalog(), detector.Options{Key: []byte("wrapped-test-key")})
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.New(engine.Options{Store: x.st, Detector: det, Metrics: x.m, Notifiers: []string{"log"},
		Logger: slog.New(slog.NewTextHandler(&log, nil)), Now: x.clk.Now, Retry: backoff.Policy{Base: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	job := x.job
	job.Source = opaque{x.job.Source}
	for range 3 {
		if eng.Reverifies(job) {
			t.Fatal("a source without Volumes re-verifies")
		}
	}
	if err := eng.RunOnce(context.Background(), job); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(log.String(), "re-verification is off for this source"); n != 1 || !strings.Contains(log.String(), "source=loki-prod") {
		t.Fatalf("want one WARN naming the source, got %d in:\n%s", n, log.String())
	}
}
