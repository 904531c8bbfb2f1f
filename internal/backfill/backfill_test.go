package backfill_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/backfill"
	"github.com/leakwatch/leakwatch/internal/backoff"
	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/internal/metrics"
	"github.com/leakwatch/leakwatch/internal/report"
	"github.com/leakwatch/leakwatch/internal/state"
	"github.com/leakwatch/leakwatch/queries"
	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/elasticsearch"
	"github.com/leakwatch/leakwatch/sources/elasticsearch/esfake"
	"github.com/leakwatch/leakwatch/sources/loki"
	"github.com/leakwatch/leakwatch/sources/loki/lokifake"
)

// The backfilled range: 30 days of 1h chunks.
var (
	t0   = time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	tEnd = t0.Add(30 * 24 * time.Hour)
)

const nChunks = 30 * 24

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newDetector(t testing.TB) *detector.Detector {
	t.Helper()
	d, err := detector.New(queries.Catalog(), detector.Options{Key: []byte("backfill-test-key"), Allow: detector.DefaultAllow})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func openState(t testing.TB) *state.SQLite {
	t.Helper()
	st, err := state.OpenSQLite(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// logLine is one line of the test history.
type logLine struct {
	at   time.Time
	text string
}

// history makes a small 30-day log: noise every 7 hours, 6 distinct leaked GitHub tokens
// of which two leak again later (so incidents carry counts above one), and decoys carrying a
// keyword but no secret. It returns the lines and the number of distinct secrets.
func history(seed uint64) ([]logLine, int) {
	r := rand.New(rand.NewPCG(seed, 1))
	var out []logLine
	for h := 0; h < nChunks; h += 7 {
		at := t0.Add(time.Duration(h)*time.Hour + time.Duration(r.IntN(3600))*time.Second)
		out = append(out, logLine{at, fmt.Sprintf("GET /api/orders/%d 200 %dms", r.IntN(1e6), r.IntN(900))})
	}
	for h := 3; h < nChunks; h += 50 {
		out = append(out, logLine{t0.Add(time.Duration(h)*time.Hour + 17*time.Second), "docs: a token looks like ghp_ followed by 36 characters"})
	}
	const secrets = 6
	for i := 0; i < secrets; i++ {
		tok := fakesecret.GitHub(r, "ghp_")
		h := 5 + i*113
		out = append(out, logLine{t0.Add(time.Duration(h)*time.Hour + 42*time.Second), "git clone https://x-access-token:" + tok + "@github.com/acme/app.git"})
		if i%3 == 0 { // leaks again days later, in another chunk
			out = append(out, logLine{t0.Add(time.Duration(h+49)*time.Hour + 7*time.Second), "GITHUB_TOKEN=" + tok + " make deploy"})
		}
	}
	return out, secrets
}

// lokiEnv is the Loki fake behind a handler that counts query requests per window start and
// fails every request of the windows in fail.
type lokiEnv struct {
	fake *lokifake.Fake
	url  string

	mu     sync.Mutex
	reqs   map[time.Time]int
	firstQ map[time.Time]string
	fail   map[time.Time]bool
}

func newLokiEnv(t testing.TB, lines []logLine) *lokiEnv {
	t.Helper()
	e := &lokiEnv{
		fake: lokifake.New(lokifake.Options{Now: func() time.Time { return tEnd.Add(24 * time.Hour) }}),
		reqs: map[time.Time]int{}, firstQ: map[time.Time]string{}, fail: map[time.Time]bool{},
	}
	for _, l := range lines {
		if err := e.fake.Push("fake", map[string]string{"job": "app"}, lokifake.Entry{Time: l.at, Line: l.text}); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/query_range") {
			start, err := lokifake.ParseTime(r.FormValue("start"))
			if err == nil {
				e.mu.Lock()
				// A chunk is read by one query per pushdown group, the first group first:
				// count the reads of the chunk, i.e. the requests of its first query.
				q := r.FormValue("query")
				if fq, ok := e.firstQ[start.UTC()]; !ok || fq == q {
					e.firstQ[start.UTC()] = q
					e.reqs[start.UTC()]++
				}
				fail := e.fail[start.UTC()]
				e.mu.Unlock()
				if fail {
					// The error echoes a secret, as a store quoting what it was sent might.
					http.Error(w, "rpc error: code = Unavailable desc = injected failure near "+echoedSecret, http.StatusInternalServerError)
					return
				}
			}
		}
		e.fake.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	e.url = srv.URL
	return e
}

func (e *lokiEnv) counts() map[time.Time]int {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make(map[time.Time]int, len(e.reqs))
	for k, v := range e.reqs {
		out[k] = v
	}
	clear(e.reqs)
	return out
}

// echoedSecret is a generated token the injected store error quotes.
var echoedSecret = fakesecret.GitHub(rand.New(rand.NewPCG(7, 7)), "ghp_")

func (e *lokiEnv) setFail(at time.Time, on bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.fail[at] = on
}

func (e *lokiEnv) source(t testing.TB) *loki.Source {
	t.Helper()
	s, err := loki.New(loki.Config{Name: "prod-loki", URL: e.url, Selectors: []string{`{job="app"}`},
		Retry: backoff.Policy{Attempts: 2, Base: time.Millisecond, Max: 2 * time.Millisecond}, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func options(st backfill.Store, src sources.Source, det *detector.Detector) backfill.Options {
	return backfill.Options{Store: st, Source: src, Detector: det, Parallel: 2,
		Retry: backoff.Policy{Attempts: 2, Base: time.Millisecond}, Logger: quiet()}
}

func plan(t testing.TB, st *state.SQLite, req backfill.Request) state.BackfillRun {
	t.Helper()
	run, _, err := backfill.Plan(context.Background(), st, req)
	if err != nil {
		t.Fatal(err)
	}
	return run
}

// expectedIncidents runs the detector over the history directly: "rule fingerprint count",
// count being the lines holding the secret.
func expectedIncidents(det *detector.Detector, lines []logLine) map[string]int64 {
	out := map[string]int64{}
	for _, l := range lines {
		seen := map[string]bool{}
		det.Scan([]byte(l.text), 0, func(f detector.Finding) {
			k := f.RuleID + " " + f.Fingerprint
			if !seen[k] {
				seen[k] = true
				out[k]++
			}
		})
	}
	return out
}

// incidentSet is every incident as "rule fingerprint count".
func incidentSet(t testing.TB, st *state.SQLite) map[string]int64 {
	t.Helper()
	ins, err := st.Incidents(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, in := range ins {
		out[in.RuleID+" "+in.Fingerprint] = in.Count
	}
	return out
}

func sameSet(t *testing.T, got, want map[string]int64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d incidents, want %d", len(got), len(want))
	}
	for k, n := range want {
		if got[k] != n {
			t.Fatalf("incident %s…: count %d, want %d", k[:min(len(k), 24)], got[k], n)
		}
	}
}

func checkFullyCovered(t *testing.T, st *state.SQLite, source string) {
	t.Helper()
	cov, err := st.Coverage(context.Background(), source, t0, tEnd)
	if err != nil {
		t.Fatal(err)
	}
	if len(cov) != 1 || !cov[0].From.Equal(t0) || !cov[0].To.Equal(tEnd) {
		t.Fatalf("coverage = %v, want the whole range in one interval", cov)
	}
}

// interruptAfter returns options whose OnProgress cancels the run once n chunks are done.
func interruptAfter(o backfill.Options, n int, cancel context.CancelFunc) backfill.Options {
	o.OnProgress = func(p backfill.Progress) {
		if p.Done >= n {
			cancel()
		}
	}
	return o
}

func TestInterruptedLokiBackfillResumes(t *testing.T) {
	lines, secrets := history(1)
	env := newLokiEnv(t, lines)
	det := newDetector(t)
	ctx := context.Background()
	req := backfill.Request{Source: "prod-loki", From: t0, To: tEnd, Chunk: time.Hour}

	// Reference: one uninterrupted run on a fresh state.
	ref := openState(t)
	sum, err := backfill.Execute(ctx, options(ref, env.source(t), det), plan(t, ref, req))
	if err != nil || sum.Scanned != nChunks || sum.Failed != 0 || sum.Interrupted {
		t.Fatalf("reference run: %+v, %v", sum, err)
	}
	refSet := incidentSet(t, ref)
	if len(refSet) != secrets {
		t.Fatalf("reference run found %d incidents, want %d (one per planted secret)", len(refSet), secrets)
	}
	sameSet(t, refSet, expectedIncidents(det, lines))
	refScanned, _ := ref.Scanned(ctx, "prod-loki", t0, tEnd)
	env.counts()

	// The same backfill killed after 300 chunks, then resumed.
	st := openState(t)
	run := plan(t, st, req)
	killCtx, kill := context.WithCancel(ctx)
	sum1, err := backfill.Execute(killCtx, interruptAfter(options(st, env.source(t), det), 300, kill), run)
	kill()
	if err != nil || !sum1.Interrupted || sum1.Scanned < 300 || sum1.Scanned >= nChunks || sum1.Failed != 0 {
		t.Fatalf("interrupted run: scanned %d failed %d interrupted %v, %v", sum1.Scanned, sum1.Failed, sum1.Interrupted, err)
	}
	first := env.counts()
	chunks1, _ := st.BackfillChunks(ctx, run.ID)
	doneIn1 := map[time.Time]bool{}
	for _, c := range chunks1 {
		switch c.Status {
		case state.ChunkDone:
			doneIn1[c.From] = true
		case state.ChunkFailed:
			t.Fatalf("chunk %s failed: an interruption must leave it pending", c.From)
		}
	}

	resumed, wasResumed, err := backfill.Plan(ctx, st, backfill.Request{Source: "prod-loki", From: t0, To: tEnd, Chunk: time.Hour, Resume: true})
	if err != nil || !wasResumed || resumed.ID != run.ID {
		t.Fatalf("resume picked run %d (resumed %v, %v), want %d", resumed.ID, wasResumed, err, run.ID)
	}
	sum2, err := backfill.Execute(ctx, options(st, env.source(t), det), resumed)
	if err != nil || sum2.Interrupted || sum2.Skipped != len(doneIn1) || sum2.Scanned != nChunks-len(doneIn1) {
		t.Fatalf("resumed run: skipped %d scanned %d (done before: %d), %v", sum2.Skipped, sum2.Scanned, len(doneIn1), err)
	}
	if !sum2.Run.Finished() {
		t.Fatal("the run is not finished after the resume")
	}
	second := env.counts()

	// Every chunk window was requested once by the run that finished it, and never again.
	abandoned := 0
	for _, c := range backfill.Chunks(t0, tEnd, time.Hour) {
		switch {
		case doneIn1[c.From]:
			if first[c.From] != 1 || second[c.From] != 0 {
				t.Fatalf("chunk %s finished in run 1: requested %d + %d times", c.From, first[c.From], second[c.From])
			}
		default:
			if second[c.From] != 1 || first[c.From] > 1 {
				t.Fatalf("chunk %s finished in run 2: requested %d + %d times", c.From, first[c.From], second[c.From])
			}
			abandoned += first[c.From]
		}
	}
	// Only chunks in flight at the kill (at most --parallel) were requested in both runs.
	if abandoned > 2 {
		t.Fatalf("%d chunks were requested by both runs, want at most the 2 in flight", abandoned)
	}
	if len(first)+len(second)-abandoned != nChunks {
		t.Fatalf("requests for %d+%d windows, want %d distinct", len(first), len(second), nChunks)
	}
	// In the state, each chunk was completed exactly once.
	chunks, _ := st.BackfillChunks(ctx, run.ID)
	for _, c := range chunks {
		if c.Status != state.ChunkDone || c.Attempts != 1 {
			t.Fatalf("chunk %s: %s after %d attempts", c.From, c.Status, c.Attempts)
		}
	}
	sameSet(t, incidentSet(t, st), refSet)
	checkFullyCovered(t, st, "prod-loki")
	if got, _ := st.Scanned(ctx, "prod-loki", t0, tEnd); got != refScanned {
		t.Fatalf("scanned ledger %+v, want %+v as in the uninterrupted run", got, refScanned)
	}
	t.Logf("killed after %d chunks (%d in flight abandoned), resumed %d; %d incidents", len(doneIn1), abandoned, sum2.Scanned, len(refSet))
}

// countingSource counts completed scans per window (the ES fake has no per-window view).
type countingSource struct {
	sources.Source
	mu        sync.Mutex
	completed map[time.Time]int
}

func (c *countingSource) Scan(ctx context.Context, req sources.Request, emit func(context.Context, sources.Page) error) error {
	err := c.Source.Scan(ctx, req, emit)
	if err == nil {
		c.mu.Lock()
		c.completed[req.Window.Start]++
		c.mu.Unlock()
	}
	return err
}

func esSource(t testing.TB, lines []logLine) (*esfake.Server, *countingSource) {
	t.Helper()
	f := esfake.New(esfake.Options{})
	for i, l := range lines {
		id := fmt.Sprintf("d%05d", i)
		if err := f.Add("logs-2026.10", id, map[string]any{
			"@timestamp": l.at.Format(time.RFC3339Nano), "message": l.text, "event": map[string]any{"id": "ev-" + id},
		}); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	s, err := elasticsearch.New(elasticsearch.Config{Name: "prod-es", URLs: []string{srv.URL}, Index: "logs-*",
		TiebreakerField: "event.id", Retry: backoff.Policy{Attempts: 2, Base: time.Millisecond}, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return f, &countingSource{Source: s, completed: map[time.Time]int{}}
}

func TestInterruptedElasticsearchBackfillResumes(t *testing.T) {
	lines, secrets := history(2)
	det := newDetector(t)
	ctx := context.Background()
	req := backfill.Request{Source: "prod-es", From: t0, To: tEnd, Chunk: time.Hour}

	// The uninterrupted result is the detector's own verdict over the history (the Loki
	// test checks a real uninterrupted run against the same oracle).
	refSet := expectedIncidents(det, lines)
	if len(refSet) != secrets {
		t.Fatalf("oracle found %d incidents, want %d", len(refSet), secrets)
	}

	st := openState(t)
	_, src := esSource(t, lines)
	run := plan(t, st, req)
	killCtx, kill := context.WithCancel(ctx)
	sum1, err := backfill.Execute(killCtx, interruptAfter(options(st, src, det), nChunks/2, kill), run)
	kill()
	if err != nil || !sum1.Interrupted || sum1.Scanned >= nChunks {
		t.Fatalf("interrupted run: %+v, %v", sum1, err)
	}
	resumed, ok, err := backfill.Plan(ctx, st, backfill.Request{Source: "prod-es", Resume: true, AnyRange: true})
	if err != nil || !ok || resumed.ID != run.ID {
		t.Fatalf("resume: %+v %v %v", resumed, ok, err)
	}
	sum2, err := backfill.Execute(ctx, options(st, src, det), resumed)
	if err != nil || sum2.Scanned+sum1.Scanned != nChunks {
		t.Fatalf("resumed run scanned %d after %d, want %d in all (%v)", sum2.Scanned, sum1.Scanned, nChunks, err)
	}
	// Every chunk was scanned to completion exactly once across both runs.
	if len(src.completed) != nChunks {
		t.Fatalf("%d windows scanned, want %d", len(src.completed), nChunks)
	}
	for w, n := range src.completed {
		if n != 1 {
			t.Fatalf("window %s scanned %d times", w, n)
		}
	}
	sameSet(t, incidentSet(t, st), refSet)
	checkFullyCovered(t, st, "prod-es")
}

func TestFailedChunkIsAGapUntilFilled(t *testing.T) {
	lines, _ := history(3)
	env := newLokiEnv(t, lines)
	det := newDetector(t)
	st := openState(t)
	ctx := context.Background()
	bad := t0.Add(100 * time.Hour)
	env.setFail(bad, true)

	sum, err := backfill.Execute(ctx, options(st, env.source(t), det), plan(t, st, backfill.Request{Source: "prod-loki", From: t0, To: tEnd, Chunk: time.Hour}))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed != 1 || len(sum.FailedChunks) != 1 || !sum.FailedChunks[0].From.Equal(bad) || sum.Run.Finished() {
		t.Fatalf("summary: failed %d, chunks %+v, finished %v", sum.Failed, sum.FailedChunks, sum.Run.Finished())
	}
	if msg := sum.FailedChunks[0].LastError; !strings.Contains(msg, "500") {
		t.Fatalf("failed chunk error %q does not say what the store answered", msg)
	} else if strings.Contains(msg, echoedSecret) || !strings.Contains(msg, echoedSecret[:4]+"…") {
		t.Fatalf("failed chunk error stored unmasked or without its preview: %q", msg)
	}
	now := tEnd.Add(time.Hour)

	// The gap shows in the metric (as the daemon sets it) and in the report.
	m := metrics.New()
	if err := m.SetCoverageGaps(ctx, st, []string{"prod-loki"}, 0, now); err != nil {
		t.Fatal(err)
	}
	if g := testutil.ToFloat64(m.CoverageGap.WithLabelValues("prod-loki")); g != 3600 {
		t.Fatalf("leakwatch_coverage_gap_seconds = %v, want 3600", g)
	}
	rep, err := report.Build(ctx, st, report.Options{From: t0, To: tEnd, Sources: []report.SourceInfo{{Name: "prod-loki", Type: "loki"}}, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	sr := rep.Sources[0]
	if len(sr.Gaps) != 1 || !sr.Gaps[0].From.Equal(bad) || !sr.Gaps[0].To.Equal(bad.Add(time.Hour)) || rep.Clean {
		t.Fatalf("report gaps = %+v", sr.Gaps)
	}
	if !strings.Contains(sr.Verdict, "1 gap totalling 1h") {
		t.Fatalf("verdict %q does not name the gap", sr.Verdict)
	}

	// --fill-gaps scans exactly that hour and closes the gap.
	env.setFail(bad, false)
	env.counts()
	fill := plan(t, st, backfill.Request{Source: "prod-loki", From: t0, To: tEnd, Chunk: time.Hour, FillGaps: true})
	if fill.Kind != state.RunGaps || fill.Chunks != 1 {
		t.Fatalf("fill-gaps run = %+v, want one chunk", fill)
	}
	if sum, err := backfill.Execute(ctx, options(st, env.source(t), det), fill); err != nil || sum.Scanned != 1 {
		t.Fatalf("fill-gaps: %+v %v", sum, err)
	}
	if got := env.counts(); len(got) != 1 || got[bad] != 1 {
		t.Fatalf("fill-gaps requested %v, want only the failed hour", got)
	}
	if g, _ := st.GapSeconds(ctx, "prod-loki", 0, now); g != 0 {
		t.Fatalf("gap after fill-gaps = %v", g)
	}
	rep, _ = report.Build(ctx, st, report.Options{From: t0, To: tEnd, Sources: []report.SourceInfo{{Name: "prod-loki"}}, Now: now})
	if len(rep.Sources[0].Gaps) != 0 || !strings.Contains(rep.Sources[0].Verdict, "fully covered") {
		t.Fatalf("after fill-gaps: %+v", rep.Sources[0].Verdict)
	}
	checkFullyCovered(t, st, "prod-loki")
}

func TestConfigErrorStopsBackfill(t *testing.T) {
	f := lokifake.New(lokifake.Options{AuthEnabled: true, Now: func() time.Time { return tEnd }})
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	src, err := loki.New(loki.Config{Name: "prod-loki", URL: srv.URL, Retry: backoff.Policy{Attempts: 1}, Logger: quiet()}) // no tenant: 401
	if err != nil {
		t.Fatal(err)
	}
	st := openState(t)
	run := plan(t, st, backfill.Request{Source: "prod-loki", From: t0, To: tEnd, Chunk: time.Hour})
	sum, err := backfill.Execute(context.Background(), options(st, src, newDetector(t)), run)
	if err == nil || !strings.Contains(err.Error(), "backfill stopped") {
		t.Fatalf("err = %v, want the run stopped", err)
	}
	var se *sources.Error
	if !errors.As(err, &se) || se.Retryable {
		t.Fatalf("err = %v, want the source's non-retryable error", err)
	}
	if sum.Failed > 2 || sum.Run.ChunksDone != 0 {
		t.Fatalf("failed %d chunks before stopping, want at most the 2 in flight", sum.Failed)
	}
}

func TestPlanResumeErrors(t *testing.T) {
	st := openState(t)
	ctx := context.Background()
	if _, _, err := backfill.Plan(ctx, st, backfill.Request{Source: "a", Resume: true, AnyRange: true}); !errors.Is(err, backfill.ErrNothingToResume) {
		t.Fatalf("resume with no run: %v", err)
	}
	run := plan(t, st, backfill.Request{Source: "a", From: t0, To: t0.Add(3 * time.Hour), Chunk: time.Hour})
	if _, _, err := backfill.Plan(ctx, st, backfill.Request{Source: "b", RunID: run.ID}); err == nil {
		t.Fatal("resumed another source's run")
	}
	if _, _, err := backfill.Plan(ctx, st, backfill.Request{Source: "a", From: t0, To: t0.Add(time.Hour), Resume: true}); !errors.Is(err, backfill.ErrNothingToResume) {
		t.Fatalf("resume of another range: %v", err)
	}
	if _, _, err := backfill.Plan(ctx, st, backfill.Request{Source: "a", From: t0, To: t0, Chunk: time.Hour}); err == nil {
		t.Fatal("empty range accepted")
	}
}

func TestChunksOnGrid(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		from, to string
		chunk    time.Duration
		want     []string
	}{
		{"2026-10-01T00:00:00Z", "2026-10-01T03:00:00Z", time.Hour, []string{"00:00-01:00", "01:00-02:00", "02:00-03:00"}},
		{"2026-10-01T00:30:00Z", "2026-10-01T02:15:00Z", time.Hour, []string{"00:30-01:00", "01:00-02:00", "02:00-02:15"}},
		{"2026-10-01T00:10:00Z", "2026-10-01T00:20:00Z", time.Hour, []string{"00:10-00:20"}},
		{"2026-10-01T00:00:00Z", "2026-10-01T00:00:00Z", time.Hour, nil},
		{"2026-10-01T05:00:00Z", "2026-10-01T04:00:00Z", time.Hour, nil},
		{"2026-10-01T00:00:00Z", "2026-10-01T01:00:00Z", 0, nil},
	}
	for _, tt := range tests {
		var got []string
		for _, c := range backfill.Chunks(at(tt.from), at(tt.to), tt.chunk) {
			got = append(got, c.From.Format("15:04")+"-"+c.To.Format("15:04"))
		}
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("Chunks(%s, %s, %s) = %v, want %v", tt.from, tt.to, tt.chunk, got, tt.want)
		}
	}
	gaps := []state.Interval{{From: at("2026-10-01T00:30:00Z"), To: at("2026-10-01T01:30:00Z")}, {From: at("2026-10-01T05:00:00Z"), To: at("2026-10-01T06:00:00Z")}}
	var got []string
	for _, c := range backfill.GapChunks(gaps, time.Hour) {
		got = append(got, c.From.Format("15:04")+"-"+c.To.Format("15:04"))
	}
	if want := "00:30-01:00 01:00-01:30 05:00-06:00"; strings.Join(got, " ") != want {
		t.Errorf("GapChunks = %v, want %s", got, want)
	}
}

// BenchmarkBackfillLoki measures a backfill through Loki of a day of lines that all pass
// the pushdown (keyword-bearing lines, so every line reaches the detector): ns per line and
// the process's CPU per million lines. The fake's answers are recorded once and replayed, so
// the figures are leakwatch's work (plus serving bytes over loopback), not the fake's LogQL
// evaluation.
func BenchmarkBackfillLoki(b *testing.B) {
	const perHour = 2000
	r := rand.New(rand.NewPCG(9, 9))
	var lines []logLine
	from := t0
	to := t0.Add(24 * time.Hour)
	for h := 0; h < 24; h++ {
		for i := 0; i < perHour; i++ {
			at := from.Add(time.Duration(h)*time.Hour + time.Duration(i)*time.Second)
			text := fmt.Sprintf("level=info msg=\"auth ok\" user=%d token_type=ghp_ session=%x path=/api/v1/orders/%d latency_ms=%d", r.IntN(1e5), r.Uint64(), r.IntN(1e6), r.IntN(900))
			if i%500 == 0 {
				text += " leaked=" + fakesecret.GitHub(r, "ghp_")
			}
			lines = append(lines, logLine{at, text})
		}
	}
	env := newLokiEnv(b, lines)
	rp := &replay{next: env.url, cache: map[string][]byte{}}
	srv := httptest.NewServer(rp)
	b.Cleanup(srv.Close)
	det := newDetector(b)
	once := func(b *testing.B) (backfill.Summary, time.Duration) {
		st := openState(b)
		run := plan(b, st, backfill.Request{Source: "prod-loki", From: from, To: to, Chunk: time.Hour})
		src, err := loki.New(loki.Config{Name: "prod-loki", URL: srv.URL, Selectors: []string{`{job="app"}`}, Logger: quiet()})
		if err != nil {
			b.Fatal(err)
		}
		defer src.Close()
		c0 := cpuTime()
		sum, err := backfill.Execute(context.Background(), options(st, src, det), run)
		cpu := cpuTime() - c0
		if err != nil || sum.Lines != int64(len(lines)) {
			b.Fatalf("lines %d of %d, %v", sum.Lines, len(lines), err)
		}
		return sum, cpu
	}
	once(b) // records the answers
	b.ResetTimer()
	var cpu time.Duration
	var total int64
	for i := 0; i < b.N; i++ {
		sum, c := once(b)
		cpu += c
		total += sum.Lines
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(total), "ns/line")
	b.ReportMetric(cpu.Seconds()/float64(total)*1e6, "cpu-s/Mline")
}

// replay forwards a request once and answers repeats from memory.
type replay struct {
	next  string
	mu    sync.Mutex
	cache map[string][]byte
}

func (p *replay) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	key := r.URL.Path + "?" + r.Form.Encode()
	p.mu.Lock()
	body, ok := p.cache[key]
	p.mu.Unlock()
	if !ok {
		resp, err := http.PostForm(p.next+r.URL.Path, r.Form)
		if err != nil || resp.StatusCode != http.StatusOK {
			http.Error(w, "replay: upstream failed", http.StatusBadGateway)
			return
		}
		body, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		p.mu.Lock()
		p.cache[key] = body
		p.mu.Unlock()
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}

// cpuTime is this process's user+system CPU time (the fake's share included).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
