package loki_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/internal/corpus"
	"github.com/leakwatch/leakwatch/pushdown"
	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/loki"
	"github.com/leakwatch/leakwatch/sources/loki/lokifake"
)

// TestRealLokiChangeSignal measures, on the Loki at LEAKWATCH_TEST_LOKI_URL, what the three
// ways of telling whether a covered bucket changed cost and whether they are right: index
// statistics (index/stats), index volume (index/volume, the engine's signal) and a count
// (count_over_time). A generated corpus of about 12 MB goes into 4 new streams over 40
// minutes (4 buckets of 10 minutes); then one line arrives late in bucket 2, into a stream
// that already has a chunk spanning all four. The signal and the count must see bucket 2
// change; the log says which other buckets changed (chunks spanning a bucket's bounds), what
// index/stats saw (on Loki 3.7.6 nothing: it counts flushed chunks only, and these are still
// in the ingester) and what each cost Loki, in CPU × the floor of the same 40 minutes.
//
//	LEAKWATCH_TEST_LOKI_URL=http://127.0.0.1:3100 go test -run RealLokiChangeSignal -v ./sources/loki
func TestRealLokiChangeSignal(t *testing.T) {
	base, tenant := lokifake.RealLoki(t)
	var buf bytes.Buffer
	if _, err := corpus.Generate(&buf, corpus.Options{Size: 12 << 20, Seed: 33}); err != nil {
		t.Fatal(err)
	}
	var lines []string
	sc := bufio.NewScanner(&buf)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	run := fmt.Sprintf("signal-%d", time.Now().UnixNano())
	const bucket, buckets = 10 * time.Minute, 4
	end := time.Now().Add(-5 * time.Minute).Truncate(bucket)
	from := end.Add(-buckets * bucket)
	step := (buckets * bucket) / time.Duration(len(lines)+1)
	const streams, batch = 4, 5000
	for s := range streams {
		for lo := s; lo < len(lines); lo += streams * batch {
			var values [][2]string
			for i := lo; i < len(lines) && i < lo+streams*batch; i += streams {
				values = append(values, [2]string{strconv.FormatInt(from.Add(time.Duration(i+1)*step).UnixNano(), 10), lines[i]})
			}
			if err := pushJSON(base, map[string]string{"job": "signal", "run": run, "shard": strconv.Itoa(s)}, values); err != nil {
				t.Fatal(err)
			}
		}
	}
	sel := fmt.Sprintf(`{run=%q}`, run)
	src, err := loki.New(loki.Config{Name: "signal", URL: base, Tenant: tenant, Selectors: []string{sel}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for i := 0; ; i++ { // ingestion is asynchronous
		n, err := src.Volumes(ctx, from, buckets*bucket, 1)
		if err == nil && n[0] == int64(len(lines)) {
			break
		}
		if i == 100 {
			t.Fatalf("Loki holds %v of %d lines (%v)", n, len(lines), err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	c := &realCorpus{base: base}
	get := func(path string, form url.Values) string {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, base+path+"?"+form.Encode(), nil)
		if tenant != "" {
			req.Header.Set("X-Scope-OrgID", tenant)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %s: %s", path, resp.Status, body)
		}
		return strings.TrimSpace(string(body))
	}
	rangeForm := func(b int) url.Values {
		return url.Values{"query": {sel}, "start": {strconv.FormatInt(from.Add(time.Duration(b)*bucket).UnixNano(), 10)},
			"end": {strconv.FormatInt(from.Add(time.Duration(b+1)*bucket).UnixNano(), 10)}}
	}
	type way struct {
		name  string
		ask   func(b int) string
		right bool // must see a late line (the engine's signal, and the count)
	}
	ways := []way{
		{"index/stats", func(b int) string { return get("/loki/api/v1/index/stats", rangeForm(b)) }, false},
		{"index/volume (Signal)", func(b int) string {
			s, err := src.Signal(ctx, from.Add(time.Duration(b)*bucket), from.Add(time.Duration(b+1)*bucket))
			if err != nil {
				t.Fatal(err)
			}
			return s
		}, true},
		{"count_over_time", func(b int) string {
			n, err := src.Volumes(ctx, from.Add(time.Duration(b)*bucket), bucket, 1)
			if err != nil {
				t.Fatal(err)
			}
			return strconv.FormatInt(n[0], 10)
		}, true},
	}
	floor, _ := c.median(t, 3, func() {
		if err := src.Scan(ctx, sources.Request{Window: sources.Window{Start: from, End: end}, Filter: floorFilter()},
			func(context.Context, sources.Page) error { return nil }); err != nil {
			t.Fatal(err)
		}
	})
	before := map[string][]string{}
	for _, w := range ways {
		cpu, _ := c.median(t, 3, func() {
			before[w.name] = nil
			for b := range buckets {
				before[w.name] = append(before[w.name], w.ask(b))
			}
		})
		t.Logf("%s of %d buckets: Loki CPU %.2f× the floor (%s for %d lines)", w.name, buckets, float64(cpu)/float64(floor), floor.Round(time.Millisecond), len(lines))
		for b := range buckets {
			if again := w.ask(b); again != before[w.name][b] {
				t.Errorf("%s of bucket %d changed with nothing pushed: %q then %q", w.name, b, before[w.name][b], again)
			}
		}
	}

	// One line arrives late in bucket 2, into shard 0, whose chunk spans every bucket.
	late := from.Add(2*bucket + bucket/2)
	if err := pushJSON(base, map[string]string{"job": "signal", "run": run, "shard": "0"}, [][2]string{{strconv.FormatInt(late.UnixNano(), 10), "late line"}}); err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		n, err := src.Volumes(ctx, from, buckets*bucket, 1)
		if err == nil && n[0] == int64(len(lines)+1) {
			break
		}
		if i == 100 {
			t.Fatalf("the late line was not ingested (%v, %v)", n, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	for _, w := range ways {
		var changed []int
		for b := range buckets {
			if w.ask(b) != before[w.name][b] {
				changed = append(changed, b)
			}
		}
		t.Logf("%s: buckets changed by one late line in bucket 2: %v", w.name, changed)
		if w.right && !containsInt(changed, 2) {
			t.Errorf("%s did not see the late line in bucket 2", w.name)
		}
	}
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// floorFilter is one literal that matches nothing: every line read once.
func floorFilter() sources.Filter {
	return sources.Filter{Plan: &pushdown.Plan{Stages: []pushdown.Clause{{{Text: "zq-no-such-literal-zq"}}}}}
}
