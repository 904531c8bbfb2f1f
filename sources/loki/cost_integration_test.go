package loki_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/grafana/loki/pkg/push"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/corpus"
	"github.com/leakwatch/leakwatch/internal/engine"
	"github.com/leakwatch/leakwatch/pushdown"
	"github.com/leakwatch/leakwatch/queries"
	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/loki"
	"github.com/leakwatch/leakwatch/sources/loki/lokifake"
)

// realCorpus is a generated corpus (with planted secrets and decoys) pushed once per process
// to the Loki at LEAKWATCH_TEST_LOKI_URL: 4 streams over a 40-minute window ending 10
// minutes ago.
type realCorpus struct {
	base, run string
	window    sources.Window
	lines     []string
	err       error
}

var pushed = sync.OnceValue(func() *realCorpus {
	c := &realCorpus{base: strings.TrimRight(os.Getenv("LEAKWATCH_TEST_LOKI_URL"), "/")}
	c.run = strconv.FormatInt(time.Now().UnixNano(), 36)
	var buf bytes.Buffer
	size := int64(34 << 20)
	if s := os.Getenv("LEAKWATCH_TEST_LOKI_CORPUS_MB"); s != "" {
		mb, _ := strconv.Atoi(s)
		size = int64(mb) << 20
	}
	if _, err := corpus.Generate(&buf, corpus.Options{Size: size, Seed: 42}); err != nil {
		c.err = err
		return c
	}
	c.lines = strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	end := time.Now().Add(-10 * time.Minute).Truncate(time.Second)
	c.window = sources.Window{Start: end.Add(-40 * time.Minute), End: end}
	step := (40 * time.Minute) / time.Duration(len(c.lines))
	const streams, batch = 4, 4000
	for from := 0; from < len(c.lines); from += batch * streams {
		var ss []push.Stream
		for s := 0; s < streams; s++ {
			st := push.Stream{Labels: fmt.Sprintf(`{job="leakwatch-cost", run="%s", stream="s%d"}`, c.run, s)}
			for i := from + s; i < min(from+batch*streams, len(c.lines)); i += streams {
				st.Entries = append(st.Entries, push.Entry{Timestamp: c.window.Start.Add(time.Duration(i) * step), Line: c.lines[i]})
			}
			ss = append(ss, st)
		}
		if err := lokifake.PushTo(context.Background(), c.base, "", ss); err != nil {
			c.err = err
			return c
		}
	}
	return c
})

func realLoki(tb testing.TB) *realCorpus {
	tb.Helper()
	lokifake.RealLoki(tb)
	c := pushed()
	if c.err != nil {
		tb.Fatal(c.err)
	}
	c.waitIngested(tb)
	return c
}

// waitIngested polls until Loki counts every pushed line (ingestion is asynchronous).
func (c *realCorpus) waitIngested(tb testing.TB) {
	tb.Helper()
	q := url.Values{"query": {fmt.Sprintf(`sum(count_over_time(%s[1h]))`, c.selector())},
		"time": {strconv.FormatInt(c.window.End.UnixNano(), 10)}}
	last := ""
	for range 600 {
		resp, err := http.Get(c.base + "/loki/api/v1/query?" + q.Encode())
		if err != nil {
			tb.Fatal(err)
		}
		var r struct {
			Data struct {
				Result []struct {
					Value []any `json:"value"`
				} `json:"result"`
			} `json:"data"`
		}
		err = json.NewDecoder(resp.Body).Decode(&r)
		resp.Body.Close()
		if err == nil && len(r.Data.Result) == 1 && len(r.Data.Result[0].Value) == 2 {
			last = fmt.Sprint(r.Data.Result[0].Value[1])
			if last == strconv.Itoa(len(c.lines)) {
				return
			}
		}
		// Loki answers at once; this only paces the polling.
		time.Sleep(100 * time.Millisecond)
	}
	tb.Fatalf("Loki counts %s of %d pushed lines", last, len(c.lines))
}

// cpu is Loki's own process CPU time (process_cpu_seconds_total on its /metrics): the
// measure of what a query costs it, steadier than wall time on a loaded machine.
func (c *realCorpus) cpu(tb testing.TB) time.Duration {
	tb.Helper()
	resp, err := http.Get(c.base + "/metrics")
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, line := range strings.Split(string(body), "\n") {
		if v, ok := strings.CutPrefix(line, "process_cpu_seconds_total "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				tb.Fatal(err)
			}
			return time.Duration(f * 1e9)
		}
	}
	tb.Fatal("Loki's /metrics has no process_cpu_seconds_total")
	return 0
}

// cost runs f and returns the Loki CPU time and the wall time it took.
func (c *realCorpus) cost(tb testing.TB, f func()) (cpu, wall time.Duration) {
	before, start := c.cpu(tb), time.Now()
	f()
	return c.cpu(tb) - before, time.Since(start)
}

func (c *realCorpus) selector() string { return fmt.Sprintf(`{run="%s"}`, c.run) }

// timing is a transport that adds up the wall time of requests and Loki's own execTime
// (stats.summary of each query_range answer).
type timing struct {
	wall, exec  atomic.Int64 // nanoseconds
	requests    atomic.Int64
	linesQueued atomic.Int64
}

func (t *timing) RoundTrip(req *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	t.wall.Add(int64(time.Since(start)))
	t.requests.Add(1)
	var r struct {
		Data struct {
			Stats struct {
				Summary struct {
					ExecTime            float64 `json:"execTime"`
					TotalLinesProcessed int64   `json:"totalLinesProcessed"`
				} `json:"summary"`
			} `json:"stats"`
		} `json:"data"`
	}
	if json.Unmarshal(body, &r) == nil {
		t.exec.Add(int64(r.Data.Stats.Summary.ExecTime * 1e9))
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, err
}

// scanWith scans the corpus window once with f and returns the lines read and the timing.
func (c *realCorpus) scanWith(tb testing.TB, f sources.Filter, seen func(sources.Line)) *timing {
	tb.Helper()
	tm := &timing{}
	src, err := loki.New(loki.Config{Name: "cost", URL: c.base, Selectors: []string{c.selector()},
		HTTPClient: &http.Client{Transport: tm}})
	if err != nil {
		tb.Fatal(err)
	}
	err = src.Scan(context.Background(), sources.Request{Window: c.window, Filter: f}, func(_ context.Context, p sources.Page) error {
		tm.linesQueued.Add(int64(len(p.Lines)))
		if seen != nil {
			for _, l := range p.Lines {
				seen(l)
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return tm
}

// query times one raw query_range over the whole window (first page only).
func (c *realCorpus) query(tb testing.TB, filter string) (wall, exec time.Duration, lines int) {
	tb.Helper()
	wall, exec, lines, err := c.queryErr(filter)
	if err != nil {
		tb.Fatal(err)
	}
	return wall, exec, lines
}

// queryErr is query that returns what went wrong (Loki cuts a query running past its write
// timeout: the client sees EOF).
func (c *realCorpus) queryErr(filter string) (wall, exec time.Duration, lines int, err error) {
	form := url.Values{"query": {c.selector() + " " + filter}, "start": {strconv.FormatInt(c.window.Start.UnixNano(), 10)},
		"end": {strconv.FormatInt(c.window.End.UnixNano(), 10)}, "limit": {"5000"}, "direction": {"forward"}}
	start := time.Now()
	resp, err := http.PostForm(c.base+"/loki/api/v1/query_range", form)
	if err != nil {
		return time.Since(start), 0, 0, err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	wall = time.Since(start)
	if resp.StatusCode != http.StatusOK {
		return wall, 0, 0, fmt.Errorf("%s: %s: %s", filter, resp.Status, body)
	}
	var r struct {
		Data struct {
			Result []struct {
				Values [][]any `json:"values"`
			} `json:"result"`
			Stats struct {
				Summary struct {
					ExecTime float64 `json:"execTime"`
				} `json:"summary"`
			} `json:"stats"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return wall, 0, 0, err
	}
	for _, s := range r.Data.Result {
		lines += len(s.Values)
	}
	return wall, time.Duration(r.Data.Stats.Summary.ExecTime * 1e9), lines, nil
}

// floor is Loki's CPU and wall time for one literal that matches nothing: every line of the
// window read once. The median of five runs.
func (c *realCorpus) floor(tb testing.TB) (cpu, wall time.Duration) {
	return c.median(tb, 5, func() {
		if _, _, n := c.query(tb, `|= "leakwatch-floor-q7Zx"`); n != 0 {
			tb.Fatal("the floor literal matched a line")
		}
	})
}

// median runs f n times and returns the median Loki CPU and wall times.
func (c *realCorpus) median(tb testing.TB, n int, f func()) (cpu, wall time.Duration) {
	var cpus, walls []time.Duration
	for range n {
		cp, w := c.cost(tb, f)
		cpus, walls = append(cpus, cp), append(walls, w)
	}
	slices.Sort(cpus)
	slices.Sort(walls)
	return cpus[n/2], walls[n/2]
}

// BenchmarkRealLokiPushdown pushes a generated corpus of about 200k lines (34 MB) to a real
// Loki and measures, on the same window, Loki's time for leakwatch's scan (the planned
// pushdown, every page) against the one-literal floor, and recall against the detector run
// over the same lines directly (what `leakwatch scan` does).
//
//	LEAKWATCH_TEST_LOKI_URL=http://127.0.0.1:3100 go test -run '^$' -bench RealLokiPushdown -benchtime 3x ./sources/loki
func BenchmarkRealLokiPushdown(b *testing.B) {
	c := realLoki(b)
	det, err := detector.New(queries.Catalog(), detector.Options{Key: []byte("bench")})
	if err != nil {
		b.Fatal(err)
	}
	want := map[string]int{}
	for _, l := range c.lines {
		det.Scan([]byte(l), 0, func(f detector.Finding) { want[f.RuleID+"\x00"+l]++ })
	}
	f := engine.Filter(det)
	b.Logf("pushdown: %s", loki.LogQL(f.Plan))
	floorCPU, floorWall := c.floor(b)
	b.ResetTimer()
	var tm *timing
	var got map[string]int
	var cpus, walls []time.Duration
	for range b.N {
		got = map[string]int{}
		cpu, wall := c.cost(b, func() {
			tm = c.scanWith(b, f, func(l sources.Line) {
				det.Scan(l.Text, l.Overlap, func(fd detector.Finding) { got[fd.RuleID+"\x00"+string(l.Text)]++ })
			})
		})
		cpus, walls = append(cpus, cpu), append(walls, wall)
	}
	b.StopTimer()
	slices.Sort(cpus)
	slices.Sort(walls)
	cpu, wall := cpus[len(cpus)/2], walls[len(walls)/2]
	found := 0
	for k := range want {
		if got[k] > 0 {
			found++
		}
	}
	extra := 0
	for k := range got {
		if want[k] == 0 {
			extra++
		}
	}
	b.ReportMetric(floorCPU.Seconds(), "floor-cpu-s")
	b.ReportMetric(cpu.Seconds(), "loki-cpu-s")
	b.ReportMetric(cpu.Seconds()/floorCPU.Seconds(), "x-floor-cpu")
	b.ReportMetric(wall.Seconds()/floorWall.Seconds(), "x-floor-wall")
	b.ReportMetric(float64(tm.requests.Load()), "requests")
	b.ReportMetric(float64(tm.linesQueued.Load()), "lines-back")
	b.ReportMetric(float64(found)/float64(max(len(want), 1)), "recall")
	b.Logf("%d lines in the window; scan finds %d findings, the Loki scan %d of them (+%d not found by scan)",
		len(c.lines), len(want), found, extra)
	if found != len(want) || extra != 0 {
		b.Errorf("recall %d/%d, %d extra: the Loki scan must find what scan finds", found, len(want), extra)
	}
}

// TestRealLokiCalibration measures the cost model's constants on a real Loki (see
// docs/pushdown-loki.md): the floor, the cost of case-sensitive and case-insensitive
// literals, and of lines sent back.
func TestRealLokiCalibration(t *testing.T) {
	c := realLoki(t)
	floorCPU, floorWall := c.floor(t)
	t.Logf("floor (one literal matching nothing) over %d lines: Loki CPU %v, wall %v", len(c.lines), floorCPU, floorWall)
	t.Logf("| filter | Loki CPU | × floor | wall × floor | lines back |")
	row := func(name string, f func() int64) {
		var n int64
		cpu, wall := c.median(t, 3, func() { n = f() })
		t.Logf("| %s | %.3f s | %.2f | %.2f | %d |", name, cpu.Seconds(), cpu.Seconds()/floorCPU.Seconds(), wall.Seconds()/floorWall.Seconds(), n)
	}
	first := func(filter string) func() int64 {
		return func() int64 { _, _, n := c.query(t, filter); return int64(n) }
	}
	scan := func(p *pushdown.Plan) func() int64 {
		return func() int64 { return c.scanWith(t, sources.Filter{Plan: p}, nil).linesQueued.Load() }
	}
	miss := func(i int) string { return fmt.Sprintf("zq%03dx", i) }
	for _, n := range []int{10, 40} {
		var cs, ci []string
		for i := range n {
			cs = append(cs, strconv.Quote(miss(i)))
			ci = append(ci, strconv.Quote("(?i)"+miss(i)))
		}
		row(fmt.Sprintf("%d case-sensitive literals, no match", n), first("|= "+strings.Join(cs, " or ")))
		row(fmt.Sprintf("%d case-insensitive literals, no match", n), first("|~ "+strings.Join(ci, " or ")))
	}
	// A substring test stops at every occurrence of the literal's first byte: 40 literals
	// starting with a byte ordinary logs never hold, with a rare letter and with the commonest.
	for _, b := range []string{"~", "z", "e"} {
		var cs, ci []string
		for i := range 40 {
			cs = append(cs, strconv.Quote(fmt.Sprintf("%sq%03dx", b, i)))
			ci = append(ci, strconv.Quote(fmt.Sprintf("(?i)%sq%03dx", b, i)))
		}
		row(fmt.Sprintf("40 case-sensitive literals starting with %q, no match", b), first("|= "+strings.Join(cs, " or ")))
		if b != "~" {
			row(fmt.Sprintf("40 case-insensitive literals starting with %q, no match", b), first("|~ "+strings.Join(ci, " or ")))
		}
	}
	// Lines sent back: a scan (every page) of filters letting through a growing share.
	for _, lit := range []string{"GET", "level", "e"} {
		row(fmt.Sprintf("scan of |= %q, every page", lit), scan(&pushdown.Plan{Stages: []pushdown.Clause{{{Text: lit}}}}))
	}
	row("scan with no filter, every page", scan(nil))
	det, _ := detector.New(queries.Catalog(), detector.Options{Key: []byte("k")})
	p := engine.Filter(det).Plan
	row("the plan, every page", scan(p))
	row("every keyword, |= and |~ or-chains (one stage)", scan(&pushdown.Plan{Stages: []pushdown.Clause{p.Keywords}}))
	var alts []string
	for _, k := range p.Keywords {
		if k.IgnoreCase {
			alts = append(alts, "(?i:"+regexp.QuoteMeta(k.Text)+")")
		} else {
			alts = append(alts, regexp.QuoteMeta(k.Text))
		}
	}
	row("every keyword as one regexp alternation", first("|~ "+strconv.Quote(strings.Join(alts, "|"))))
}

// TestRealLokiBaseline compares, in one run on the same window, the floor, leakwatch's scan
// with the plan, and a baseline: the pipelines another version sent, one per line of the
// file LEAKWATCH_TEST_LOKI_BASELINE, each one query over the window (the first page), as that
// version sent them. Loki cuts a query that runs past its write timeout; the cut is logged
// and its CPU still counted.
func TestRealLokiBaseline(t *testing.T) {
	file := os.Getenv("LEAKWATCH_TEST_LOKI_BASELINE")
	if file == "" {
		t.Skip("LEAKWATCH_TEST_LOKI_BASELINE not set")
	}
	c := realLoki(t)
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	pipelines := strings.Split(strings.TrimSpace(string(b)), "\n")
	floorCPU, floorWall := c.floor(t)
	det, _ := detector.New(queries.Catalog(), detector.Options{Key: []byte("k")})
	f := engine.Filter(det)
	planCPU, planWall := c.median(t, 3, func() { c.scanWith(t, f, nil) })
	var n int64
	baseCPU, baseWall := c.cost(t, func() {
		for i, p := range pipelines {
			w, _, k, err := c.queryErr(p)
			if err != nil {
				t.Logf("baseline query %d cut after %v: %v", i+1, w.Round(time.Second), err)
			}
			n += int64(k)
		}
	})
	t.Logf("| what | Loki CPU | × floor | wall × floor |")
	t.Logf("| floor | %.3f s | 1 | 1 |", floorCPU.Seconds())
	t.Logf("| leakwatch's scan (the plan, every page) | %.3f s | %.2f | %.2f |", planCPU.Seconds(), planCPU.Seconds()/floorCPU.Seconds(), planWall.Seconds()/floorWall.Seconds())
	t.Logf("| baseline: %d queries from %s (%d lines back) | %.3f s | %.2f | %.2f |", len(pipelines), filepath.Base(file), n,
		baseCPU.Seconds(), baseCPU.Seconds()/floorCPU.Seconds(), baseWall.Seconds()/floorWall.Seconds())
	if planCPU >= baseCPU {
		t.Errorf("the plan costs Loki %v, the baseline %v", planCPU, baseCPU)
	}
}

// TestRealLokiStreamLabelsCost measures what reading the streams' labels costs Loki: the
// series API over the window in the source's 1h chunks (what Scan adds per selector and
// chunk when a filter is pushed down) against the one-literal floor and against the whole
// scan with the plan, on the same window. The series API answers from the index.
//
//	LEAKWATCH_TEST_LOKI_URL=http://127.0.0.1:3100 go test -run RealLokiStreamLabelsCost -v ./sources/loki
func TestRealLokiStreamLabelsCost(t *testing.T) {
	c := realLoki(t)
	floorCPU, floorWall := c.floor(t)
	series := func() {
		for cs := c.window.Start; cs.Before(c.window.End); cs = cs.Add(time.Hour) {
			ce := cs.Add(time.Hour)
			if ce.After(c.window.End) {
				ce = c.window.End
			}
			form := url.Values{"match[]": {c.selector()}, "start": {strconv.FormatInt(cs.UnixNano(), 10)}, "end": {strconv.FormatInt(ce.UnixNano(), 10)}}
			resp, err := http.PostForm(c.base+"/loki/api/v1/series", form)
			if err != nil {
				t.Fatal(err)
			}
			var r struct {
				Data []map[string]string `json:"data"`
			}
			err = json.NewDecoder(resp.Body).Decode(&r)
			resp.Body.Close()
			// Loki 3.7 lists a stream once per detected_level it derived: 4 streams or more.
			if err != nil || len(r.Data) < 4 {
				t.Fatalf("series: %d streams, err %v; want the corpus's 4 at least", len(r.Data), err)
			}
		}
	}
	seriesCPU, seriesWall := c.median(t, 5, series)
	det, _ := detector.New(queries.Catalog(), detector.Options{Key: []byte("k")})
	f := engine.Filter(det)
	planCPU, planWall := c.median(t, 3, func() { c.scanWith(t, f, nil) })
	t.Logf("| what | Loki CPU | × floor | wall × floor |")
	t.Logf("| floor (one literal, every line read once) | %.3f s | 1 | 1 |", floorCPU.Seconds())
	t.Logf("| stream labels (series API, 1h chunks) | %.3f s | %.3f | %.3f |", seriesCPU.Seconds(), seriesCPU.Seconds()/floorCPU.Seconds(), seriesWall.Seconds()/floorWall.Seconds())
	t.Logf("| leakwatch's scan with the plan (labels included) | %.3f s | %.2f | %.2f |", planCPU.Seconds(), planCPU.Seconds()/floorCPU.Seconds(), planWall.Seconds()/floorWall.Seconds())
	// The second query a source naming structured_metadata adds per selector and chunk.
	metaCPU, metaWall := c.median(t, 3, func() { c.query(t, loki.MetadataLogQL(f.Plan, []string{"trace_id"})) })
	t.Logf("| structured metadata query (one attribute, the plan's literals) | %.3f s | %.2f | %.2f |", metaCPU.Seconds(), metaCPU.Seconds()/floorCPU.Seconds(), metaWall.Seconds()/floorWall.Seconds())
	if seriesCPU >= floorCPU {
		t.Errorf("reading the stream labels cost Loki %v, more than a pass over the lines (%v)", seriesCPU, floorCPU)
	}
}

// TestRealLokiPlanCost measures, in one run on the same window, what the built-in catalogue's
// plan costs Loki against its floor (one literal matching nothing) and against the ceiling
// the planner never exceeds: reading every line and sending each back (no filter). With
// LEAKWATCH_TEST_LOKI_BASELINE_PLAN (plans written by other versions through
// LEAKWATCH_TEST_LOKI_WRITE_PLAN, a list separated as PATH is) each plan is scanned the same
// way, so a grown catalogue or another planner is compared with this one in the same run. The plan is written even when no Loki is
// set (the test then skips).
//
//	LEAKWATCH_TEST_LOKI_URL=http://127.0.0.1:3100 go test -run RealLokiPlanCost -v ./sources/loki
func TestRealLokiPlanCost(t *testing.T) {
	rules, err := queries.Select(queries.Catalog(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	det, err := detector.New(rules, detector.Options{Key: []byte("k")})
	if err != nil {
		t.Fatal(err)
	}
	plan := engine.Filter(det).Plan
	if out := os.Getenv("LEAKWATCH_TEST_LOKI_WRITE_PLAN"); out != "" {
		b, err := json.Marshal(plan.Stages)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(out, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Other plans to compare with in the same run: files separated as in PATH.
	var baselines []*pushdown.Plan
	var names []string
	if in := os.Getenv("LEAKWATCH_TEST_LOKI_BASELINE_PLAN"); in != "" {
		for _, f := range filepath.SplitList(in) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			p := &pushdown.Plan{}
			if err := json.Unmarshal(b, &p.Stages); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			if p.Empty() {
				t.Fatalf("%s: the baseline plan filters nothing", f)
			}
			baselines, names = append(baselines, p), append(names, filepath.Base(f))
		}
	}
	// Written before asking for a Loki: the plan to compare with needs none.
	c := realLoki(t)
	// Rounds alternate the floor and every plan, and each plan is priced against the floor of
	// its own round: on a shared machine Loki's CPU for the same query drifts by a quarter
	// within minutes, and a median of consecutive runs of one plan would carry that drift
	// into the comparison.
	rounds := 3
	if s := os.Getenv("LEAKWATCH_TEST_LOKI_ROUNDS"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			rounds = n
		}
	}
	literals := func(p *pushdown.Plan) string {
		n, fold := 0, 0
		for _, st := range p.Stages {
			n += len(st)
			fold += st.Folded()
		}
		return fmt.Sprintf("%d stage(s), %d literals (%d case-insensitive)", len(p.Stages), n, fold)
	}
	type subject struct {
		name  string
		plan  *pushdown.Plan
		ratio []float64 // Loki CPU × the floor of the round, per round
		back  int64
	}
	subjects := []*subject{{name: fmt.Sprintf("the plan: %s, modelled %.1f×", literals(plan), plan.Estimate.Cost), plan: plan}}
	for i, p := range baselines {
		subjects = append(subjects, &subject{name: fmt.Sprintf("baseline plan %s: %s", names[i], literals(p)), plan: p})
	}
	ceiling := &subject{name: "ceiling: no filter, every line sent back"}
	subjects = append(subjects, ceiling)
	// The plan's filter alone: the same stages and one no line passes, so nothing comes back
	// and no page follows. The difference to the plan's scan is the lines it sends back.
	filterOnly := &pushdown.Plan{Stages: append(slices.Clone(plan.Stages), pushdown.Clause{{Text: "leakwatch-floor-q7Zx"}})}
	var floors, filterRatio []float64
	for range rounds {
		floorCPU, _ := c.floor(t)
		floors = append(floors, floorCPU.Seconds())
		for _, s := range subjects {
			cpu, _ := c.cost(t, func() { s.back = c.scanWith(t, sources.Filter{Plan: s.plan}, nil).linesQueued.Load() })
			s.ratio = append(s.ratio, cpu.Seconds()/floorCPU.Seconds())
		}
		cpu, _ := c.cost(t, func() { c.query(t, loki.LogQL(filterOnly)) })
		filterRatio = append(filterRatio, cpu.Seconds()/floorCPU.Seconds())
	}
	span := func(v []float64) (lo, med, hi float64) {
		v = slices.Clone(v)
		slices.Sort(v)
		return v[0], v[len(v)/2], v[len(v)-1]
	}
	lo, med, hi := span(floors)
	t.Logf("%d lines in the window, %d rules, %d rounds", len(c.lines), len(rules), rounds)
	t.Logf("| what | Loki CPU × floor, median (range) | lines back |")
	t.Logf("| floor: one literal matching nothing | %.3f s (%.3f–%.3f) | 0 |", med, lo, hi)
	for _, s := range subjects {
		lo, med, hi := span(s.ratio)
		t.Logf("| %s | %.2f (%.2f–%.2f) | %d |", s.name, med, lo, hi, s.back)
	}
	lo, med, hi = span(filterRatio)
	t.Logf("| the plan's filter alone, nothing sent back | %.2f (%.2f–%.2f) | 0 |", med, lo, hi)
	_, planMed, _ := span(subjects[0].ratio)
	_, ceilMed, _ := span(ceiling.ratio)
	if planMed >= ceilMed {
		t.Errorf("the plan costs Loki %.2f× the floor, more than reading every line and sending it back (%.2f×)", planMed, ceilMed)
	}
	if subjects[0].back >= ceiling.back {
		t.Errorf("the plan lets %d of %d lines through", subjects[0].back, ceiling.back)
	}
}
