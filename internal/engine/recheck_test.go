package engine_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/backoff"
	"github.com/leakwatch/leakwatch/internal/engine"
	"github.com/leakwatch/leakwatch/internal/metrics"
	"github.com/leakwatch/leakwatch/internal/state"
	"github.com/leakwatch/leakwatch/queries"
	"github.com/leakwatch/leakwatch/sources/elasticsearch"
	"github.com/leakwatch/leakwatch/sources/elasticsearch/esfake"
	"github.com/leakwatch/leakwatch/sources/loki"
	"github.com/leakwatch/leakwatch/sources/loki/lokifake"
)

// clock is a settable test clock shared by the engine and the Loki fake.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Set(t time.Time)         { c.mu.Lock(); c.now = t; c.mu.Unlock() }
func (c *clock) Add(d time.Duration) any { c.Set(c.Now().Add(d)); return nil }

type recheckEnv struct {
	clk  *clock
	fake *lokifake.Fake
	eng  *engine.Engine
	st   *state.SQLite
	m    *metrics.Metrics
	job  engine.Job
}

func newRecheckEnv(t *testing.T, selector string, recheck time.Duration) *recheckEnv {
	return newRecheckEnvWith(t, selector, recheck, lokifake.Options{}, nil)
}

// newRecheckEnvWith is newRecheckEnv on a fake with opts (its clock is the env's), the Loki
// source using client when set.
func newRecheckEnvWith(t *testing.T, selector string, recheck time.Duration, opts lokifake.Options, client *http.Client) *recheckEnv {
	t.Helper()
	ctx := context.Background()
	x := &recheckEnv{clk: &clock{now: e2eT0}}
	opts.Now = func() time.Time { return x.clk.Now().Add(time.Minute) }
	x.fake = lokifake.New(opts)
	srv := httptest.NewServer(x.fake)
	t.Cleanup(srv.Close)
	var err error
	x.st, err = state.OpenSQLite(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.st.Close() })
	det, err := detector.New(queries.Catalog(), detector.Options{Key: []byte("recheck-test-key")})
	if err != nil {
		t.Fatal(err)
	}
	x.m = metrics.New()
	x.eng, err = engine.New(engine.Options{Store: x.st, Detector: det, Metrics: x.m, Notifiers: []string{"log"},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: x.clk.Now, Retry: backoff.Policy{Base: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	src, err := loki.New(loki.Config{Name: "loki-prod", URL: srv.URL, Selectors: []string{selector}, HTTPClient: client})
	if err != nil {
		t.Fatal(err)
	}
	x.job = engine.Job{Source: src, Plan: engine.Plan{IngestDelay: 2 * time.Minute, Overlap: 5 * time.Minute, Chunk: time.Hour,
		InitialLookback: 2 * time.Hour, Recheck: recheck, Bucket: time.Hour}}
	x.eng.InitJobMetrics(x.job)
	return x
}

func (x *recheckEnv) push(t *testing.T, labels map[string]string, at time.Time, line string) {
	t.Helper()
	if err := x.fake.Push("fake", labels, lokifake.Entry{Time: at, Line: line}); err != nil {
		t.Fatal(err)
	}
}

func (x *recheckEnv) run(t *testing.T) {
	t.Helper()
	if err := x.eng.RunOnce(context.Background(), x.job); err != nil {
		t.Fatal(err)
	}
}

func (x *recheckEnv) incidents(t *testing.T) int {
	t.Helper()
	incs, err := x.st.Incidents(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	return len(incs)
}

// TestLateLinesReverified is the late-arrival scenario measured on a real Loki: a run covers
// the last 2h; three lines carrying secrets then arrive in a new stream, stamped 30, 45 and 60
// minutes ago (a backlog replayed after an outage). The overlap does not reach them; the
// re-verification of the covered buckets finds the store holds more lines than were scanned
// and reads them again, so every secret becomes an incident and the late lines are counted.
func TestLateLinesReverified(t *testing.T) {
	x := newRecheckEnv(t, `{job=~".+"}`, 24*time.Hour)
	rng := rand.New(rand.NewPCG(11, 0))
	T := e2eT0
	api := map[string]string{"job": "api"}
	for m := 125; m > 0; m -= 5 {
		x.push(t, api, T.Add(-time.Duration(m)*time.Minute), "GET /v1/items 200")
	}
	x.run(t) // covers [T-2h2m, T-2m)
	if got := x.incidents(t); got != 0 {
		t.Fatalf("%d incidents before the late lines, want 0", got)
	}
	inScope := testutil.ToFloat64(x.m.LinesInScope.WithLabelValues("loki-prod"))
	if inScope != 24 {
		t.Errorf("lines_in_scope_total = %v after the first run, want 24 (the lines of the covered window)", inScope)
	}

	replay := map[string]string{"job": "batch"}
	for _, ago := range []time.Duration{60 * time.Minute, 45 * time.Minute, 30 * time.Minute} {
		x.push(t, replay, T.Add(-ago), "replayed: deploy using token "+ghToken(rng))
	}
	steps := []struct {
		advance       time.Duration
		wantIncidents int
		wantLate      float64
	}{
		// T+10m: the buckets were just counted, none is due, nothing is found yet; this run's
		// window [T-7m, T+8m) completes bucket [T-1h, T).
		{10 * time.Minute, 0, 0},
		// T+1h: bucket [T-2h, T-1h), complete since T, is due (a bucket waits its length and
		// half its age after its last count); the line stamped exactly T-1h is counted in it
		// ((start, end]) and found by its rescan.
		{50 * time.Minute, 1, 1},
		// T+1h30: bucket [T-1h, T), complete since T+10m, is due: the other two are found.
		{30 * time.Minute, 3, 3},
		// Later passes find nothing new and read nothing twice.
		{4 * time.Hour, 3, 3},
	}
	for i, s := range steps {
		x.clk.Add(s.advance)
		x.run(t)
		if got := x.incidents(t); got != s.wantIncidents {
			t.Errorf("step %d (%s): %d incidents, want %d", i, x.clk.Now().Sub(T), got, s.wantIncidents)
		}
		if got := testutil.ToFloat64(x.m.LateLines.WithLabelValues("loki-prod")); got != s.wantLate {
			t.Errorf("step %d: late_lines_total = %v, want %v", i, got, s.wantLate)
		}
	}
	if got := testutil.ToFloat64(x.m.Reverifications.WithLabelValues("loki-prod", "late")); got != 2 {
		t.Errorf("reverifications_total{result=late} = %v, want 2 (two buckets rescanned)", got)
	}
	if got := testutil.ToFloat64(x.m.Reverifications.WithLabelValues("loki-prod", "unchanged")); got == 0 {
		t.Error("reverifications_total{result=unchanged} = 0: later passes re-verified nothing")
	}
	tot, err := x.st.Volumes(context.Background(), "loki-prod", T.Add(-3*time.Hour), x.clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	if tot.Late != 3 || tot.LastVerified.IsZero() {
		t.Errorf("volume totals = %+v, want 3 late lines and a re-verification time", tot)
	}
	if got := testutil.ToFloat64(x.m.LinesInScope.WithLabelValues("loki-prod")); got < inScope+3 {
		t.Errorf("lines_in_scope_total = %v, want at least %v (the late lines count in scope)", got, inScope+3)
	}
}

// TestLinesInScope: a selector that matches nothing covers its windows with 0 hits like a
// clean source, but its lines in scope stay 0, which is what tells the two apart; with
// recheck off nothing is counted or re-verified.
func TestLinesInScope(t *testing.T) {
	tests := []struct {
		name     string
		selector string
		recheck  time.Duration
		want     float64
		series   bool
	}{
		{"selector matching the stream", `{job="api"}`, 24 * time.Hour, 24, true},
		{"typo in the selector", `{job="apl"}`, 24 * time.Hour, 0, true},
		{"recheck off: nothing counted", `{job="api"}`, 0, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := newRecheckEnv(t, tc.selector, tc.recheck)
			for m := 125; m > 0; m -= 5 {
				x.push(t, map[string]string{"job": "api"}, e2eT0.Add(-time.Duration(m)*time.Minute), "GET /v1/items 200")
			}
			x.run(t)
			if wm, ok, _ := x.st.Watermark(context.Background(), "loki-prod"); !ok || !wm.Equal(e2eT0.Add(-2*time.Minute)) {
				t.Fatalf("watermark %v %v: the window was not covered", wm, ok)
			}
			if got := testutil.ToFloat64(x.m.LinesInScope.WithLabelValues("loki-prod")); got != tc.want {
				t.Errorf("lines_in_scope_total = %v, want %v", got, tc.want)
			}
			if got := testutil.CollectAndCount(x.m.Reverifications); (got > 0) != tc.series {
				t.Errorf("%d reverification series, want them only when re-verification is on", got)
			}
		})
	}
}

// TestLateDocumentsReverifiedES: the same for Elasticsearch, where lines in scope are
// _count with the window's range and no pushdown: documents indexed late into covered time
// are found by re-verification.
func TestLateDocumentsReverifiedES(t *testing.T) {
	ctx := context.Background()
	x := newRecheckEnv(t, `{job="unused"}`, 24*time.Hour) // the engine, state and clock
	fake := esfake.New(esfake.Options{})
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	add := func(id string, at time.Time, msg string) {
		t.Helper()
		if err := fake.Add("logs-2026.11.28", id, map[string]any{"@timestamp": at.Format(time.RFC3339Nano), "message": msg,
			"event": map[string]any{"id": "ev-" + id}}); err != nil {
			t.Fatal(err)
		}
	}
	T := e2eT0
	for m := 120; m > 0; m -= 10 {
		add(fmt.Sprintf("ok-%d", m), T.Add(-time.Duration(m)*time.Minute), "GET /healthz 200")
	}
	src, err := elasticsearch.New(elasticsearch.Config{Name: "es-prod", URLs: []string{srv.URL}, Index: "logs-*",
		TiebreakerField: "event.id", Retry: backoff.Policy{Base: time.Millisecond}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	job := engine.Job{Source: src, Plan: engine.Plan{IngestDelay: 2 * time.Minute, Overlap: 5 * time.Minute, Chunk: time.Hour,
		InitialLookback: 2 * time.Hour, Recheck: 24 * time.Hour, Bucket: time.Hour}}
	if err := x.eng.RunOnce(ctx, job); err != nil {
		t.Fatal(err)
	}
	if got := testutil.ToFloat64(x.m.LinesInScope.WithLabelValues("es-prod")); got != 12 {
		t.Errorf("lines_in_scope_total = %v, want 12 (the documents of the covered window)", got)
	}
	rng := rand.New(rand.NewPCG(12, 0))
	add("late-1", T.Add(-50*time.Minute), "deploy using token "+ghToken(rng))
	add("late-2", T.Add(-20*time.Minute), "deploy using token "+ghToken(rng))
	for _, d := range []time.Duration{10 * time.Minute, 80 * time.Minute} {
		x.clk.Add(d)
		if err := x.eng.RunOnce(ctx, job); err != nil {
			t.Fatal(err)
		}
	}
	if got := x.incidents(t); got != 2 {
		t.Errorf("%d incidents, want 2 (both late documents found)", got)
	}
	if got := testutil.ToFloat64(x.m.LateLines.WithLabelValues("es-prod")); got != 2 {
		t.Errorf("late_lines_total = %v, want 2", got)
	}
}
