package engine_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/loki/pkg/push"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/app"
	"github.com/leakwatch/leakwatch/internal/config"
	"github.com/leakwatch/leakwatch/internal/corpus"
	"github.com/leakwatch/leakwatch/internal/engine"
	"github.com/leakwatch/leakwatch/internal/metrics"
	"github.com/leakwatch/leakwatch/internal/state"
	"github.com/leakwatch/leakwatch/queries"
	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/loki"
	"github.com/leakwatch/leakwatch/sources/loki/lokifake"
)

// What the daemon costs a real Loki per line, against one backfill pass of the same lines
// and against the floor (one literal that matches nothing: every line read once), in the
// same run. A writer pushes about 300 lines a second for the soak (LEAKWATCH_TEST_SOAK,
// default 6m: longer than the default interval, so the defaults' daemon runs twice and covers
// the soak's first interval - ingest_delay); two daemons watch it at once, one with the default timings and one with
// interval: 30s, each through the config's own defaults and the real scheduler. Every request
// each daemon sent is recorded with its kind; after the soak Loki's CPU
// (process_cpu_seconds_total) is measured while the requests are replayed one kind at a
// time, then for one backfill pass of each daemon's covered range and for the floor.
//
//	LEAKWATCH_TEST_LOKI_URL=http://127.0.0.1:3100 go test -run RealLokiDaemonCost -v -timeout 30m ./internal/engine
func TestRealLokiDaemonCost(t *testing.T) {
	base, tenant := lokifake.RealLoki(t)
	soak := 6 * time.Minute
	if v := os.Getenv("LEAKWATCH_TEST_SOAK"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("LEAKWATCH_TEST_SOAK: %v", err)
		}
		soak = d
	}
	ctx := context.Background()
	run := "soak-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	sel := fmt.Sprintf(`{run=%q}`, run)
	det, err := detector.New(queries.Catalog(), detector.Options{Key: []byte("daemon-cost")})
	if err != nil {
		t.Fatal(err)
	}

	var buf bytes.Buffer
	if _, err := corpus.Generate(&buf, corpus.Options{Size: 40 << 20, Seed: 21}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")

	daemons := []*soakDaemon{
		newSoakDaemon(t, "defaults", "", base, tenant, sel, det),
		newSoakDaemon(t, "interval-30s", "interval: 30s", base, tenant, sel, det),
	}

	// The writer: 60 lines every 200ms over 4 streams, stamped now; every 20 s one line
	// carries a fresh GitHub token whose push time is kept, for the time to alert.
	wctx, stopWriter := context.WithCancel(ctx)
	planted := map[string]time.Time{} // preview -> line time
	var plantedMu sync.Mutex
	writerDone := make(chan error, 1)
	started := time.Now()
	go func() {
		rng := rand.New(rand.NewPCG(uint64(started.UnixNano()), 21))
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		next, lastPlant := 0, time.Time{}
		for {
			select {
			case <-wctx.Done():
				writerDone <- nil
				return
			case <-tick.C:
			}
			now := time.Now()
			var ss []push.Stream
			for s := range 4 {
				st := push.Stream{Labels: fmt.Sprintf(`{job="leakwatch-soak", run=%q, stream="s%d"}`, run, s)}
				for i := range 15 {
					st.Entries = append(st.Entries, push.Entry{Timestamp: now.Add(time.Duration(i) * time.Microsecond), Line: lines[next%len(lines)]})
					next++
				}
				ss = append(ss, st)
			}
			if now.Sub(lastPlant) >= 20*time.Second {
				tok := ghToken(rng)
				plantedMu.Lock()
				planted[tok[:4]+"…"+tok[len(tok)-4:]] = now
				plantedMu.Unlock()
				ss[0].Entries = append(ss[0].Entries, push.Entry{Timestamp: now.Add(time.Millisecond), Line: "level=warn msg=\"deploy\" token=" + tok})
				lastPlant = now
			}
			if err := lokifake.PushTo(wctx, base, tenant, ss); err != nil && wctx.Err() == nil {
				writerDone <- err
				return
			}
		}
	}()

	dctx, stopDaemons := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for _, d := range daemons {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := d.eng.Schedule(dctx, []engine.Scheduled{{Job: d.job, Interval: d.interval}}); err != nil {
				t.Errorf("%s: %v", d.name, err)
			}
		}()
		wg.Add(1)
		go func() { defer wg.Done(); d.watch(dctx) }()
	}
	time.Sleep(soak) // the soak itself: a live writer for this long
	stopDaemons()
	wg.Wait()
	stopWriter()
	if err := <-writerDone; err != nil {
		t.Fatal(err)
	}
	t.Logf("soak: %s, %d planted tokens", soak, len(planted))

	// Time to alert: each planted token its daemon could see (stamped at least ingest_delay +
	// interval before the daemon stopped) was alerted within interval + ingest_delay + 5 s.
	for _, d := range daemons {
		bound := d.interval + d.job.Plan.IngestDelay + 5*time.Second
		seen, worst := 0, time.Duration(0)
		plantedMu.Lock()
		for preview, at := range planted {
			if at.Add(d.interval + d.job.Plan.IngestDelay).After(d.stopped) {
				continue
			}
			found, ok := d.alerted(preview)
			if !ok {
				t.Errorf("%s: token %s pushed at %s never alerted", d.name, preview, at.Format(time.TimeOnly))
				continue
			}
			seen++
			worst = max(worst, found.Sub(at))
			if found.Sub(at) > bound {
				t.Errorf("%s: token %s alerted %s after its line, want at most %s", d.name, preview, found.Sub(at).Round(time.Second), bound)
			}
		}
		plantedMu.Unlock()
		t.Logf("%s: %d tokens alerted, slowest %s after its line (bound %s)", d.name, seen, worst.Round(time.Second), bound)
	}

	// Replay and measure. Each daemon's range is what it covered of the soak.
	c := &lokiCPU{t: t, base: base, tenant: tenant}
	for _, d := range daemons {
		wm, ok, err := d.st.Watermark(ctx, "soak")
		if err != nil || !ok {
			t.Fatalf("%s: no watermark (%v)", d.name, err)
		}
		w := sources.Window{Start: started.Add(-time.Second).Truncate(time.Millisecond), End: wm}
		if !w.End.After(w.Start) {
			// The soak was not longer than this daemon's interval: it ran once, before the writer.
			t.Logf("%s covered none of the soak (soak %s, interval %s): not measured", d.name, soak, d.interval)
			continue
		}
		n := c.countLines(sel, w)
		floor := c.median(3, func() { c.query(sel+" "+loki.FloorFilter, w) })
		backfill := c.median(3, func() { c.scan(sel, det, w) })
		byKind := map[sources.QueryKind]time.Duration{}
		reqs := map[sources.QueryKind]int{}
		for _, k := range sources.QueryKinds {
			rs := d.log.of(k)
			reqs[k] = len(rs)
			if len(rs) == 0 {
				continue
			}
			byKind[k] = c.median(3, func() { c.replay(rs) })
		}
		total := byKind[sources.QueryScan] + byKind[sources.QueryCount] + byKind[sources.QueryReverify]
		x := func(d time.Duration) float64 { return float64(d) / float64(floor) }
		t.Logf("%s (interval %s, overlap %s, ingest_delay %s): %d lines over %s; Loki CPU × floor (floor %s): backfill pass %.1f; daemon scans %.1f (%d requests), counts %.1f (%d), re-verification %.1f (%d), total %.1f = %.2f× the backfill pass",
			d.name, d.interval, d.job.Plan.Overlap, d.job.Plan.IngestDelay, n, w.End.Sub(w.Start).Round(time.Second), floor.Round(time.Millisecond),
			x(backfill), x(byKind[sources.QueryScan]), reqs[sources.QueryScan], x(byKind[sources.QueryCount]), reqs[sources.QueryCount],
			x(byKind[sources.QueryReverify]), reqs[sources.QueryReverify], x(total), float64(total)/float64(backfill))
		if float64(total) > 1.25*float64(backfill) {
			t.Errorf("%s: the daemon cost Loki %.2f× one backfill pass of the same lines, want at most 1.25×", d.name, float64(total)/float64(backfill))
		}
	}
}

// soakDaemon is one engine as the daemon builds it from a config, with its requests logged.
type soakDaemon struct {
	name     string
	eng      *engine.Engine
	st       *state.SQLite
	job      engine.Job
	interval time.Duration
	log      *requestLog
	stopped  time.Time

	mu     sync.Mutex
	alerts map[string]time.Time // preview -> when the incident was first seen in the state
}

func newSoakDaemon(t *testing.T, name, extra, base, tenant, sel string, det *detector.Detector) *soakDaemon {
	t.Helper()
	yaml := fmt.Sprintf("sources:\n  - name: soak\n    type: loki\n    %s\n    loki: {url: %q, selectors: [%q]}\n", extra, base, sel)
	cfg, err := config.Parse([]byte(yaml), func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	sc := cfg.Sources[0]
	d := &soakDaemon{name: name, interval: sc.Interval.D(), log: &requestLog{}, alerts: map[string]time.Time{}}
	lc := sc.Block.(*loki.SourceConfig).Config(sc.Name, sc.Chunk.D())
	lc.Tenant = tenant
	lc.HTTPClient = &http.Client{Transport: d.log}
	src, err := loki.New(lc)
	if err != nil {
		t.Fatal(err)
	}
	d.st, err = state.OpenSQLite(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.st.Close() })
	d.eng, err = engine.New(engine.Options{Store: d.st, Detector: det, Metrics: metrics.New(), Notifiers: []string{"log"},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	d.job = engine.Job{Source: src, Plan: app.WindowPlan(sc)}
	return d
}

// watch notes when each incident first appears in the state (its alert is enqueued in the
// same transaction).
func (d *soakDaemon) watch(ctx context.Context) {
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			d.stopped = time.Now()
			return
		case <-tick.C:
		}
		incs, err := d.st.Incidents(context.Background(), "")
		if err != nil {
			continue
		}
		now := time.Now()
		d.mu.Lock()
		for _, in := range incs {
			if _, ok := d.alerts[in.Preview]; !ok {
				d.alerts[in.Preview] = now
			}
		}
		d.mu.Unlock()
	}
}

func (d *soakDaemon) alerted(preview string) (time.Time, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	at, ok := d.alerts[preview]
	return at, ok
}

// requestLog is a transport recording each request's kind, path and form for replay.
type requestLog struct {
	mu   sync.Mutex
	reqs []kindReq
}

func (l *requestLog) RoundTrip(req *http.Request) (*http.Response, error) {
	body, _ := io.ReadAll(req.Body)
	req.Body = io.NopCloser(bytes.NewReader(body))
	form, _ := url.ParseQuery(string(body))
	l.mu.Lock()
	l.reqs = append(l.reqs, kindReq{kind: sources.QueryKindOf(req.Context()), path: req.URL.Path, form: form})
	l.mu.Unlock()
	return http.DefaultTransport.RoundTrip(req)
}

func (l *requestLog) of(k sources.QueryKind) []kindReq {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []kindReq
	for _, r := range l.reqs {
		if r.kind == k {
			out = append(out, r)
		}
	}
	return out
}

// lokiCPU measures Loki's own CPU time around requests.
type lokiCPU struct {
	t            *testing.T
	base, tenant string
}

func (c *lokiCPU) cpu() time.Duration {
	c.t.Helper()
	resp, err := http.Get(c.base + "/metrics")
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, line := range strings.Split(string(body), "\n") {
		if v, ok := strings.CutPrefix(line, "process_cpu_seconds_total "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				c.t.Fatal(err)
			}
			return time.Duration(f * 1e9)
		}
	}
	c.t.Fatal("Loki's /metrics has no process_cpu_seconds_total")
	return 0
}

// median runs f n times and returns the median of Loki's CPU time for it.
func (c *lokiCPU) median(n int, f func()) time.Duration {
	var xs []time.Duration
	for range n {
		before := c.cpu()
		f()
		xs = append(xs, c.cpu()-before)
	}
	slices.Sort(xs)
	return xs[n/2]
}

func (c *lokiCPU) post(path string, form url.Values) []byte {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if c.tenant != "" {
		req.Header.Set("X-Scope-OrgID", c.tenant)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		c.t.Fatalf("%s: %s: %s", path, resp.Status, body)
	}
	return body
}

func (c *lokiCPU) replay(rs []kindReq) {
	for _, r := range rs {
		c.post(r.path, r.form)
	}
}

func (c *lokiCPU) query(q string, w sources.Window) {
	c.post("/loki/api/v1/query_range", url.Values{"query": {q}, "start": {strconv.FormatInt(w.Start.UnixNano(), 10)},
		"end": {strconv.FormatInt(w.End.UnixNano(), 10)}, "limit": {"5000"}, "direction": {"forward"}})
}

// scan is one backfill pass over w: the detector's plan, every page.
func (c *lokiCPU) scan(sel string, det *detector.Detector, w sources.Window) {
	c.t.Helper()
	src, err := loki.New(loki.Config{Name: "backfill", URL: c.base, Tenant: c.tenant, Selectors: []string{sel}})
	if err != nil {
		c.t.Fatal(err)
	}
	if err := src.Scan(context.Background(), sources.Request{Window: w, Filter: engine.Filter(det)}, func(context.Context, sources.Page) error { return nil }); err != nil {
		c.t.Fatal(err)
	}
}

func (c *lokiCPU) countLines(sel string, w sources.Window) int64 {
	c.t.Helper()
	src, err := loki.New(loki.Config{Name: "count", URL: c.base, Tenant: c.tenant, Selectors: []string{sel}})
	if err != nil {
		c.t.Fatal(err)
	}
	n, err := src.Volumes(context.Background(), w.Start, w.End.Sub(w.Start), 1)
	if err != nil {
		c.t.Fatal(err)
	}
	return n[0]
}
