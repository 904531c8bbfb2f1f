package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/backoff"
	"github.com/leakwatch/leakwatch/internal/metrics"
	"github.com/leakwatch/leakwatch/internal/state"
	"github.com/leakwatch/leakwatch/queries"
	"github.com/leakwatch/leakwatch/sources"
)

// scriptedSource serves a window as pages of lines; failAt makes the page with that index
// fail (for the next `fails` scans).
type scriptedSource struct {
	pages  [][]sources.Line
	failAt int
	fails  int
	scans  int
}

func (s *scriptedSource) Name() string { return "scripted" }

func (s *scriptedSource) Scan(ctx context.Context, req sources.Request, emit func(context.Context, sources.Page) error) error {
	s.scans++
	for i, p := range s.pages {
		if i == s.failAt && s.fails > 0 {
			s.fails--
			return &sources.Error{Kind: sources.KindServer, Retryable: true, Err: errors.New("page 2: 500 from the store")}
		}
		if err := emit(ctx, sources.Page{Lines: p}); err != nil {
			return err
		}
	}
	return nil
}

const token = "sk_live_4eC39HqLyjWDarjtT1zdp7dcQ9vN2xKe"

func line(id string, text string, t time.Time) sources.Line {
	return sources.Line{ID: id, Text: []byte(text), Time: t, Location: id}
}

func newEngine(t *testing.T, retries int) (*Engine, *state.SQLite, *metrics.Metrics) {
	t.Helper()
	st, err := state.OpenSQLite(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	det, err := detector.New(queries.Catalog(), detector.Options{Key: []byte("k")})
	if err != nil {
		t.Fatal(err)
	}
	m := metrics.New()
	e, err := New(Options{Store: st, Detector: det, Metrics: m, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Notifiers: []string{"log"}, Retry: backoff.Policy{Attempts: retries + 1, Base: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	return e, st, m
}

// TestFailedPageNeverCovers: a page failing fails the window: no coverage, no watermark, no
// covered_until metric; the rescan succeeds, with the lines recorded before the failure
// counted once.
func TestFailedPageNeverCovers(t *testing.T) {
	e, st, m := newEngine(t, 0)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	src := &scriptedSource{failAt: 1, fails: 1, pages: [][]sources.Line{
		{line("a", "ok", t0), line("b", "key="+token, t0)},
		{line("c", "charge with "+token, t0.Add(time.Second))},
	}}
	w := sources.Window{Start: t0, End: t0.Add(time.Hour)}
	job := Job{Source: src}
	covered := func() float64 { return testutil.ToFloat64(m.CoveredUntil.WithLabelValues("scripted")) }

	if err := e.ScanWindow(ctx, job, w); err == nil || !strings.Contains(err.Error(), "500 from the store") {
		t.Fatalf("want the page's error, got %v", err)
	}
	if _, ok, _ := st.Watermark(ctx, "scripted"); ok {
		t.Fatal("watermark moved over a failed page")
	}
	if iv, _ := st.Coverage(ctx, "scripted", t0, t0.Add(time.Hour)); len(iv) != 0 {
		t.Fatalf("coverage recorded for a failed window: %v", iv)
	}
	if covered() != 0 {
		t.Fatalf("covered_until set after a failure: %v", covered())
	}
	if got := testutil.ToFloat64(m.ScansTotal.WithLabelValues("scripted", "failure")); got != 1 {
		t.Errorf("scans_total{failure} = %v", got)
	}
	if got := testutil.ToFloat64(m.SourceErrors.WithLabelValues("scripted", "server")); got != 1 {
		t.Errorf("source_errors_total{server} = %v", got)
	}

	if err := e.ScanWindow(ctx, job, w); err != nil {
		t.Fatal(err)
	}
	wm, ok, _ := st.Watermark(ctx, "scripted")
	if !ok || !wm.Equal(w.End) {
		t.Fatalf("watermark = %v %v, want %v", wm, ok, w.End)
	}
	if covered() != float64(w.End.Unix()) {
		t.Errorf("covered_until = %v, want %v", covered(), w.End.Unix())
	}
	incs, _ := st.Incidents(ctx, "")
	if len(incs) != 1 || incs[0].Count != 2 {
		t.Fatalf("want one incident seen on 2 lines (b read twice counts once), got %+v", incs)
	}
	if got := testutil.ToFloat64(m.HitsTotal.WithLabelValues("scripted", incs[0].RuleID)); got != 2 {
		t.Errorf("hits_total = %v, want 2 (rescanned line not counted twice)", got)
	}
}

// TestRetriesThenCovers: a failure inside the retry budget is retried in the same run.
func TestRetriesThenCovers(t *testing.T) {
	e, st, _ := newEngine(t, 2)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	src := &scriptedSource{failAt: 0, fails: 2, pages: [][]sources.Line{{line("a", "x", t0)}}}
	if err := e.ScanWindow(ctx, Job{Source: src}, sources.Window{Start: t0, End: t0.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	if src.scans != 3 {
		t.Errorf("scans = %d, want 3", src.scans)
	}
	if _, ok, _ := st.Watermark(ctx, "scripted"); !ok {
		t.Error("not covered after a successful retry")
	}
}

// TestNonRetryableStops: a config error (400) is not retried blindly.
func TestNonRetryableStops(t *testing.T) {
	e, _, _ := newEngine(t, 5)
	bad := &errSource{err: &sources.Error{Kind: sources.KindConfig, Err: errors.New("400 parse error")}}
	err := e.ScanWindow(context.Background(), Job{Source: bad}, sources.Window{Start: time.Unix(0, 0), End: time.Unix(60, 0)})
	if err == nil || bad.n != 1 {
		t.Fatalf("want one attempt and an error, got %d attempts, %v", bad.n, err)
	}
}

type errSource struct {
	err error
	n   int
}

func (s *errSource) Name() string { return "bad" }
func (s *errSource) Scan(context.Context, sources.Request, func(context.Context, sources.Page) error) error {
	s.n++
	return s.err
}

// TestRunOnceStopsAtFirstFailedWindow: later windows wait, so coverage never has a hole.
func TestRunOnceStopsAtFirstFailedWindow(t *testing.T) {
	e, st, _ := newEngine(t, 0)
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	e.o.Now = func() time.Time { return now }
	calls := 0
	src := &funcSource{fn: func(w sources.Window) error {
		calls++
		if calls == 2 {
			return fmt.Errorf("boom")
		}
		return nil
	}}
	plan := Plan{Chunk: time.Hour, InitialLookback: 3 * time.Hour}
	if err := e.RunOnce(context.Background(), Job{Source: src, Plan: plan}); err == nil {
		t.Fatal("want error")
	}
	iv, _ := st.Coverage(context.Background(), "func", now.Add(-4*time.Hour), now)
	if calls != 2 || len(iv) != 1 || !iv[0].To.Equal(now.Add(-2*time.Hour)) {
		t.Fatalf("calls=%d coverage=%v: want only the first hour covered", calls, iv)
	}
}

type funcSource struct{ fn func(sources.Window) error }

func (s *funcSource) Name() string { return "func" }
func (s *funcSource) Scan(_ context.Context, r sources.Request, _ func(context.Context, sources.Page) error) error {
	return s.fn(r.Window)
}

// TestCoverageRecordsCounts: a covered window carries the lines and bytes its scan read, for
// reports.
func TestCoverageRecordsCounts(t *testing.T) {
	e, st, _ := newEngine(t, 0)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	src := &scriptedSource{failAt: -1, pages: [][]sources.Line{{line("a", "hello", t0), line("b", "world!", t0)}, {line("c", "x", t0)}}}
	w := sources.Window{Start: t0, End: t0.Add(time.Hour)}
	if err := e.ScanWindow(ctx, Job{Source: src}, w); err != nil {
		t.Fatal(err)
	}
	got, err := st.Scanned(ctx, "scripted", t0, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if got.Lines != 3 || got.Bytes != 12 {
		t.Fatalf("scanned = %+v, want 3 lines, 12 bytes", got)
	}
}

// TestFencedScanStops: a scan whose lease another replica took is refused by the state, or
// cut when the lease ends (its context cancelled with cause ErrFenced): it is not retried,
// records nothing, and counts as neither a failed scan nor a source error (the new owner
// scans the window).
func TestFencedScanStops(t *testing.T) {
	for _, how := range []string{"write refused", "lease ended"} {
		t.Run(how, func(t *testing.T) { fencedScanStops(t, how) })
	}
}

func fencedScanStops(t *testing.T, how string) {
	e, st, m := newEngine(t, 3)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	if _, ok, err := st.Acquire(ctx, "scripted", "a", time.Hour); err != nil || !ok {
		t.Fatal(ok, err)
	}
	scanCtx := state.WithFence(ctx, state.Fence{Source: "scripted", Owner: "old-owner", Generation: 7})
	if how == "lease ended" {
		var cancel context.CancelCauseFunc
		scanCtx, cancel = context.WithCancelCause(ctx)
		cancel(state.ErrFenced)
	}
	src := &scriptedSource{failAt: -1, pages: [][]sources.Line{{line("a", "token "+token, t0)}}}
	err := e.ScanWindow(scanCtx, Job{Source: src}, sources.Window{Start: t0, End: t0.Add(time.Minute)})
	if err == nil || src.scans != 1 {
		t.Fatalf("fenced scan: %v after %d scans, want an error after one", err, src.scans)
	}
	if how == "write refused" && !errors.Is(err, state.ErrFenced) {
		t.Fatalf("fenced scan: %v, want ErrFenced", err)
	}
	if _, ok, _ := st.Watermark(ctx, "scripted"); ok {
		t.Error("a fenced scan recorded coverage")
	}
	if incs, _ := st.Incidents(ctx, ""); len(incs) != 0 {
		t.Errorf("a fenced scan recorded %d incidents", len(incs))
	}
	if v := testutil.ToFloat64(m.ScansTotal.WithLabelValues("scripted", "failure")); v != 0 {
		t.Errorf("scans_total{failure} = %v after a fenced scan, want 0", v)
	}
}
