package engine_test

// End-to-end: the real engine, the real SQLite state and the real Loki source against the
// in-process Loki fake. These tests prove what a scheduled scan of Loki must guarantee:
// a window that failed anywhere is not covered and moves no watermark; its rescan covers it
// exactly, with one incident per secret, each line counted once and one alert per incident.

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/backoff"
	"github.com/leakwatch/leakwatch/internal/engine"
	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/internal/metrics"
	"github.com/leakwatch/leakwatch/internal/state"
	"github.com/leakwatch/leakwatch/queries"
	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/loki"
	"github.com/leakwatch/leakwatch/sources/loki/lokifake"
)

var e2eT0 = time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)

// ghToken and stripeKey make realistic, never-issued secrets (valid checksum for GitHub).
func ghToken(rng *rand.Rand) string   { return fakesecret.GitHub(rng, "ghp_") }
func stripeKey(rng *rand.Rand) string { return fakesecret.Stripe(rng, 24) }

// e2e is one engine over a fresh state, with what assertions need.
type e2e struct {
	eng *engine.Engine
	st  *state.SQLite
	m   *metrics.Metrics
	det *detector.Detector
}

func newE2E(t *testing.T) *e2e {
	t.Helper()
	ctx := context.Background()
	st, err := state.OpenSQLite(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	det, err := detector.New(queries.Catalog(), detector.Options{Key: []byte("e2e-test-key")})
	if err != nil {
		t.Fatal(err)
	}
	m := metrics.New()
	// Retry.Attempts unset: one ScanWindow is one attempt, so a fault outlasting the source's own
	// retries fails it, and the test controls when the rescan happens.
	eng, err := engine.New(engine.Options{Store: st, Detector: det, Metrics: m, Notifiers: []string{"log"},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return e2eT0.Add(3 * time.Hour) },
		Retry: backoff.Policy{Base: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	return &e2e{eng: eng, st: st, m: m, det: det}
}

// fingerprint is the detector's fingerprint of the one secret on line (the test's key for
// "which incident" without ever printing the secret).
func (x *e2e) fingerprint(t *testing.T, line string) string {
	t.Helper()
	var fps []string
	x.det.Scan([]byte(line), 0, func(f detector.Finding) { fps = append(fps, f.Fingerprint) })
	if len(fps) != 1 {
		t.Fatalf("test line should carry exactly one finding, has %d", len(fps))
	}
	return fps[0]
}

// assertNotCovered: a failed window left no trace in the coverage ledger or the metric, and
// the failure was counted under kind.
func (x *e2e) assertNotCovered(t *testing.T, source string, w sources.Window, kind string) {
	t.Helper()
	ctx := context.Background()
	if wm, ok, err := x.st.Watermark(ctx, source); err != nil || ok {
		t.Errorf("watermark moved over a failed window: %v %v %v", wm, ok, err)
	}
	if iv, err := x.st.Coverage(ctx, source, w.Start.Add(-time.Hour), w.End.Add(time.Hour)); err != nil || len(iv) != 0 {
		t.Errorf("coverage recorded for a failed window: %v %v", iv, err)
	}
	if got := testutil.ToFloat64(x.m.CoveredUntil.WithLabelValues(source)); got != 0 {
		t.Errorf("covered_until set after a failure: %v", got)
	}
	for _, k := range []sources.ErrorKind{sources.KindTransport, sources.KindThrottled, sources.KindServer, sources.KindProtocol, sources.KindConfig} {
		want := 0.0
		if string(k) == kind {
			want = 1
		}
		if got := testutil.ToFloat64(x.m.SourceErrors.WithLabelValues(source, string(k))); got != want {
			t.Errorf("source_errors_total{kind=%q} = %v, want %v", k, got, want)
		}
	}
	if got := testutil.ToFloat64(x.m.ScansTotal.WithLabelValues(source, "failure")); got != 1 {
		t.Errorf("scans_total{failure} = %v, want 1", got)
	}
}

// assertCovered: the window is covered exactly (no gap, nothing beyond it), the watermark and
// covered_until are at its end, every secret is one incident seen on exactly want[fp] lines,
// hits_total agrees, and the outbox holds exactly one "new" alert per incident.
func (x *e2e) assertCovered(t *testing.T, source string, w sources.Window, want map[string]int) {
	t.Helper()
	ctx := context.Background()
	iv, err := x.st.Coverage(ctx, source, w.Start.Add(-time.Hour), w.End.Add(time.Hour))
	if err != nil || len(iv) != 1 || !iv[0].From.Equal(w.Start) || !iv[0].To.Equal(w.End) {
		t.Errorf("coverage = %v (%v), want exactly [%v, %v)", iv, err, w.Start, w.End)
	}
	if wm, ok, err := x.st.Watermark(ctx, source); err != nil || !ok || !wm.Equal(w.End) {
		t.Errorf("watermark = %v %v %v, want %v", wm, ok, err, w.End)
	}
	if got := testutil.ToFloat64(x.m.CoveredUntil.WithLabelValues(source)); got != float64(w.End.Unix()) {
		t.Errorf("covered_until = %v, want %v", got, w.End.Unix())
	}
	incs, err := x.st.Incidents(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	byFP := map[string]state.Incident{}
	hitsByRule := map[string]int64{}
	for _, in := range incs {
		if _, dup := byFP[in.Fingerprint]; dup {
			t.Errorf("two incidents for one secret (rule %s, %s)", in.RuleID, in.Preview)
		}
		byFP[in.Fingerprint] = in
		hitsByRule[in.RuleID] += in.Count
	}
	if len(incs) != len(want) {
		t.Errorf("%d incidents, want %d (one per distinct secret)", len(incs), len(want))
	}
	for fp, n := range want {
		in, ok := byFP[fp]
		switch {
		case !ok:
			t.Errorf("no incident for secret %.12s…", fp)
		case in.Count != int64(n):
			t.Errorf("incident %s (%s): seen on %d lines, want %d", in.RuleID, in.Preview, in.Count, n)
		}
	}
	for rule, n := range hitsByRule {
		if got := testutil.ToFloat64(x.m.HitsTotal.WithLabelValues(source, rule)); got != float64(n) {
			t.Errorf("hits_total{rule=%s} = %v, want %d (a line read twice counts once)", rule, got, n)
		}
	}
	items, err := x.st.DueAlerts(ctx, w.End.Add(24*time.Hour), 10000)
	if err != nil {
		t.Fatal(err)
	}
	alerts := map[int64]int{}
	for _, it := range items {
		if it.Kind != "new" || it.Notifier != "log" {
			t.Errorf("unexpected outbox item %s for %s", it.Kind, it.Notifier)
		}
		alerts[it.IncidentID]++
	}
	for _, in := range incs {
		if alerts[in.ID] != 1 {
			t.Errorf("incident %d (%s) has %d new alerts, want 1", in.ID, in.RuleID, alerts[in.ID])
		}
	}
	if len(items) != len(incs) {
		t.Errorf("%d outbox items for %d incidents", len(items), len(incs))
	}
	if got := testutil.ToFloat64(x.m.ScansTotal.WithLabelValues(source, "success")); got != 1 {
		t.Errorf("scans_total{success} = %v, want 1", got)
	}
}

// lokiServer is the Loki fake behind a real TCP listener, with two ways to fail: at the
// trigger-th query_range request, fire runs (it may inject fake faults, or take Loki down);
// while down, the client's dials go to a closed port (connection refused).
type lokiServer struct {
	fake    *lokifake.Fake
	url     string
	down    atomic.Bool
	queries atomic.Int32
	refused atomic.Int32 // dials while down
	trigger int32
	// fire runs at the trigger-th query; true means it answered the request itself.
	fire   func(w http.ResponseWriter) bool
	client *http.Client
}

func newLokiServer(t *testing.T) *lokiServer {
	t.Helper()
	ls := &lokiServer{fake: lokifake.New(lokifake.Options{Now: func() time.Time { return e2eT0.Add(3 * time.Hour) }})}
	srv := httptest.NewServer(ls)
	t.Cleanup(srv.Close)
	ls.url = srv.URL
	// A port nobody listens on: dialing it is refused, as when Loki is down.
	dead, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deadAddr := dead.Addr().String()
	dead.Close()
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil
	d := &net.Dialer{Timeout: 2 * time.Second}
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if ls.down.Load() {
			ls.refused.Add(1)
			addr = deadAddr
		}
		return d.DialContext(ctx, network, addr)
	}
	ls.client = &http.Client{Transport: tr, Timeout: 10 * time.Second}
	t.Cleanup(tr.CloseIdleConnections)
	return ls
}

func (ls *lokiServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/loki/api/v1/query_range" && ls.queries.Add(1) == ls.trigger && ls.fire != nil {
		if ls.fire(w) {
			return
		}
	}
	ls.fake.ServeHTTP(w, r)
}

// goDown makes Loki unreachable from now on: the current connection is dropped without an
// answer and new connections are refused.
func (ls *lokiServer) goDown(w http.ResponseWriter) bool {
	ls.down.Store(true)
	if hj, ok := w.(http.Hijacker); ok {
		if c, _, err := hj.Hijack(); err == nil {
			c.Close()
			return true
		}
	}
	panic(http.ErrAbortHandler)
}

func (ls *lokiServer) source(t *testing.T, limit, attempts int) *loki.Source {
	t.Helper()
	s, err := loki.New(loki.Config{Name: "loki-prod", URL: ls.url, Limit: limit,
		Retry: backoff.Policy{Attempts: attempts, Base: time.Millisecond, Max: 2 * time.Millisecond}, HTTPClient: ls.client})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestLokiFaultsNeverCoverAndRescanCountsOnce: for every way Loki fails, a failure that
// outlasts the source's attempts fails the window (after some of its pages were recorded,
// or before any); once Loki answers again, the rescan covers the window exactly with one
// incident per secret, each line counted once, and one alert per incident.
func TestLokiFaultsNeverCoverAndRescanCountsOnce(t *testing.T) {
	const attempts = 3
	cases := []struct {
		name    string
		trigger int32 // query_range request that starts the failure (1: the first page; 0: down from the start)
		fault   lokifake.Fault
		down    bool // Loki goes down instead (connection dropped, then refused)
		kind    sources.ErrorKind
	}{
		{"429 on a later page", 4, lokifake.Fault429, false, sources.KindThrottled},
		{"500 on a later page", 4, lokifake.Fault500, false, sources.KindServer},
		{"truncated JSON on a later page", 4, lokifake.FaultTruncated, false, sources.KindProtocol},
		// A cut query is split rather than sent again: halves down to the source's floor.
		{"connection closed on a later page", 4, lokifake.FaultCloseConn, false, sources.KindTransport},
		// The cut request is split; its first half then finds Loki refusing connections.
		{"loki goes down on a later page", 4, 0, true, sources.KindTransport},
		{"loki down for the whole window", 0, 0, true, sources.KindTransport},
		{"500 on the first page", 1, lokifake.Fault500, false, sources.KindServer},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			x := newE2E(t)
			ls := newLokiServer(t)
			rng := rand.New(rand.NewPCG(11, uint64(len(tc.name))))
			secrets := map[string]string{"A": ghToken(rng), "B": ghToken(rng), "C": stripeKey(rng), "D": stripeKey(rng)}
			// Lines carrying each secret: early ones land on the pages read before the fault.
			carriers := map[int]string{2: "D", 5: "A", 10: "B", 50: "A", 60: "D", 70: "C", 95: "B", 100: "A"}
			want := map[string]int{}
			var api, worker []lokifake.Entry
			for i := 0; i < 120; i++ {
				var text string
				switch {
				case carriers[i] != "" && strings.HasPrefix(secrets[carriers[i]], "ghp_"):
					text = fmt.Sprintf(`level=error msg="git push failed" remote=https://x-access-token:%s@github.com/acme/api.git req=%d`, secrets[carriers[i]], i)
				case carriers[i] != "":
					text = fmt.Sprintf(`{"level":"error","msg":"stripe call failed","stripe_key":"%s","req":%d}`, secrets[carriers[i]], i)
				case i%3 == 0:
					text = fmt.Sprintf(`level=info msg="upstream call" url=https://payments.internal.example/v1/charges/%d status=200 dur=%dms`, i, rng.IntN(900))
				case i%3 == 1:
					text = fmt.Sprintf(`{"level":"info","msg":"request","path":"/api/orders/%d","authorization":"[redacted]","status":200}`, i)
				default:
					text = fmt.Sprintf(`10.0.3.%d - - [28/Nov/2026:10:00:00 +0000] "GET /static/app.%d.js HTTP/1.1" 200 5120`, i%250, i)
				}
				if c := carriers[i]; c != "" {
					want[x.fingerprint(t, text)]++
				}
				e := lokifake.Entry{Time: e2eT0.Add(time.Duration(i) * 20 * time.Second), Line: text}
				if i%2 == 0 {
					api = append(api, e)
				} else {
					worker = append(worker, e)
				}
			}
			if err := ls.fake.Push("fake", map[string]string{"job": "api", "env": "prod"}, api...); err != nil {
				t.Fatal(err)
			}
			if err := ls.fake.Push("fake", map[string]string{"job": "worker", "env": "prod"}, worker...); err != nil {
				t.Fatal(err)
			}
			ls.trigger = tc.trigger
			ls.down.Store(tc.trigger == 0)
			ls.fire = func(w http.ResponseWriter) bool {
				if tc.down {
					return ls.goDown(w)
				}
				// This request and the source's remaining attempts all fail (a cut query
				// is split instead: every split fails too).
				n := attempts
				if tc.fault == lokifake.FaultCloseConn {
					n = 1000
				}
				ls.fake.InjectFaults(tc.fault, n)
				return false
			}
			src := ls.source(t, 10, attempts)
			job := engine.Job{Source: src}
			w := sources.Window{Start: e2eT0, End: e2eT0.Add(time.Hour)}

			err := x.eng.ScanWindow(ctx, job, w)
			if err == nil {
				t.Fatal("window scanned while Loki was failing")
			}
			for k, s := range secrets {
				if strings.Contains(err.Error(), s) {
					t.Errorf("error contains secret %s", k)
				}
			}
			x.assertNotCovered(t, "loki-prod", w, string(tc.kind))
			incs, _ := x.st.Incidents(ctx, "")
			if tc.trigger > 1 && len(incs) == 0 {
				t.Error("precondition: the pages before the fault should have been recorded")
			}
			if tc.trigger <= 1 && len(incs) != 0 {
				t.Errorf("%d incidents recorded although no page was read", len(incs))
			}
			// The failing page was tried `attempts` times: at Loki, or refused at the dial.
			tries := int(ls.queries.Load()) - max(int(tc.trigger)-1, 0) + int(ls.refused.Load())
			switch {
			case tc.fault == lokifake.FaultCloseConn:
				// Split in halves from what remained of the 1h chunk down to the 1m floor.
				if tries < 3 || tries > 8 {
					t.Errorf("the cut page was tried %d times, want one try per halving down to the floor", tries)
				}
			case tc.down && tc.trigger > 0:
				if tries != attempts+1 {
					t.Errorf("the failing page was tried %d times, want the cut request and %d attempts of its first half", tries, attempts)
				}
			case tries != attempts:
				t.Errorf("the failing page was tried %d times, want %d", tries, attempts)
			}

			ls.down.Store(false) // Loki is back
			ls.fake.ClearFaults()
			if err := x.eng.ScanWindow(ctx, job, w); err != nil {
				t.Fatalf("rescan after recovery: %v", err)
			}
			x.assertCovered(t, "loki-prod", w, want)
		})
	}
}

// TestLokiSharedTimestampsThroughEngine: 12,000 entries on 3 timestamps in 5 streams, pages
// of 5000, so page boundaries fall inside a nanosecond. Secrets sit on the first and last
// entry of every stream at every timestamp, i.e. on both sides of each page boundary. Every
// entry is recorded exactly once: each incident has count 1 and lines_scanned is 12,000
// (the 600 entries without a keyword, on the same timestamps, stay in Loki: pushdown).
func TestLokiSharedTimestampsThroughEngine(t *testing.T) {
	ctx := context.Background()
	x := newE2E(t)
	ls := newLokiServer(t)
	rng := rand.New(rand.NewPCG(3, 5))
	want := map[string]int{}
	const perStream = 800
	for st := 0; st < 5; st++ {
		var es []lokifake.Entry
		for ts := 0; ts < 3; ts++ {
			at := e2eT0.Add(time.Duration(ts+1) * time.Minute)
			for i := 0; i < perStream; i++ {
				// "@" with the scheme: these lines pass the grouped pushdown (URI scheme AND
				// "@") without holding a secret, so 12,000 entries cross the page boundaries.
				text := fmt.Sprintf(`{"level":"info","msg":"outbound","url":"https://api.partner.example/v2/items/%d-%d-%d","reply_to":"ops@partner.example","status":200}`, st, ts, i)
				if i == 0 || i == perStream-1 {
					text = fmt.Sprintf(`level=warn msg="token in url" url=https://x-access-token:%s@github.com/acme/infra.git item=%d-%d-%d`, ghToken(rng), st, ts, i)
					want[x.fingerprint(t, text)]++
				}
				es = append(es, lokifake.Entry{Time: at, Line: text})
				if i%20 == 0 { // no keyword: filtered out by Loki
					es = append(es, lokifake.Entry{Time: at, Line: fmt.Sprintf(`GET /healthz 200 0.%03dms item=%d-%d-%d`, i, st, ts, i)})
				}
			}
		}
		if err := ls.fake.Push("fake", map[string]string{"job": fmt.Sprintf("app-%d", st), "env": "prod"}, es...); err != nil {
			t.Fatal(err)
		}
	}
	if len(want) != 30 {
		t.Fatalf("planted %d distinct secrets, want 30", len(want))
	}
	src := ls.source(t, 5000, 3)
	w := sources.Window{Start: e2eT0, End: e2eT0.Add(time.Hour)}
	if err := x.eng.ScanWindow(ctx, engine.Job{Source: src}, w); err != nil {
		t.Fatal(err)
	}
	x.assertCovered(t, "loki-prod", w, want)
	if got := testutil.ToFloat64(x.m.LinesScanned.WithLabelValues("loki-prod")); got != 12000 {
		t.Errorf("lines_scanned_total = %v, want 12000 (each matching entry once)", got)
	}
	if got := ls.queries.Load(); got < 3 {
		t.Errorf("%d query requests: the window should need several pages", got)
	}
}
