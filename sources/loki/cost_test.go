package loki_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/loki"
	"github.com/leakwatch/leakwatch/sources/loki/lokifake"
)

// TestCostReportedPerKind: every request Loki answers is reported to OnCost with the kind
// its context carries and what Loki's stats.summary says it read; a request Loki refuses
// still counts as a query.
func TestCostReportedPerKind(t *testing.T) {
	f, url := newFake(t, lokifake.Options{})
	var lines int
	for i := range 50 {
		line := strings.Repeat("x", 100) + " request served"
		lines += len(line)
		if err := f.Push("fake", map[string]string{"job": "app"}, lokifake.Entry{Time: t0.Add(time.Duration(i) * time.Second), Line: line}); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	var got []sources.Cost
	s := newSource(t, url, func(c *loki.Config) {
		c.OnCost = func(c sources.Cost) { mu.Lock(); got = append(got, c); mu.Unlock() }
	})
	take := func() []sources.Cost { mu.Lock(); defer mu.Unlock(); out := got; got = nil; return out }
	ctx := context.Background()
	w := sources.Window{Start: t0, End: t0.Add(time.Minute)}

	if _, _, err := collect(ctx, s, w, sources.Filter{}); err != nil {
		t.Fatal(err)
	}
	c := take()
	if len(c) != 1 || c[0].Kind != sources.QueryScan || c[0].ProcessedBytes != int64(lines) || c[0].Time <= 0 {
		t.Errorf("unmarked scan reported %+v, want one scan that processed %d bytes in some time", c, lines)
	}

	if _, err := s.Volumes(sources.WithQueryKind(ctx, sources.QueryCount), t0, time.Minute, 1); err != nil {
		t.Fatal(err)
	}
	// The count reads (t0, t0+1m]: every line but the first.
	if c := take(); len(c) != 1 || c[0].Kind != sources.QueryCount || c[0].ProcessedBytes != int64(lines/50*49) {
		t.Errorf("count reported %+v, want one request of kind count that processed %d bytes", c, lines/50*49)
	}

	if _, err := s.Signal(sources.WithQueryKind(ctx, sources.QueryReverify), t0, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if c := take(); len(c) != 1 || c[0].Kind != sources.QueryReverify || c[0].ProcessedBytes != 0 {
		t.Errorf("index statistics reported %+v, want one reverify request that read nothing", c)
	}

	f.InjectFaults(lokifake.Fault500, 1)
	if _, _, err := collect(sources.WithQueryKind(ctx, sources.QueryPurge), s, w, sources.Filter{}); err != nil {
		t.Fatal(err)
	}
	c = take()
	if len(c) != 2 || c[0].Kind != sources.QueryPurge || c[1].Kind != sources.QueryPurge || c[1].ProcessedBytes != int64(lines) {
		t.Errorf("refused then answered query reported %+v, want two purge queries, the second with %d bytes", c, lines)
	}
}

// TestSignal: index statistics change when a line is added to a range, also one pushed
// late, and stay the same when lines land in chunks that do not overlap the range.
func TestSignal(t *testing.T) {
	f, url := newFake(t, lokifake.Options{ChunkEntries: 3})
	push := func(at time.Duration) {
		t.Helper()
		if err := f.Push("fake", map[string]string{"job": "app"}, lokifake.Entry{Time: t0.Add(at), Line: "GET / 200 " + at.String()}); err != nil {
			t.Fatal(err)
		}
	}
	for m := range 6 { // two chunks: minutes 0-2 and 3-5
		push(time.Duration(m) * time.Minute)
	}
	s := newSource(t, url, func(c *loki.Config) { c.Selectors = []string{`{job="app"}`} })
	ctx := context.Background()
	sig := func(from, to time.Duration) string {
		t.Helper()
		v, err := s.Signal(ctx, t0.Add(from), t0.Add(to))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	first, second := sig(0, 150*time.Second), sig(3*time.Minute, 6*time.Minute)
	if !strings.HasPrefix(first, "1/1/3/") {
		t.Fatalf("signal of the first chunk's range = %q, want 1 stream, 1 chunk, 3 entries", first)
	}
	push(10 * time.Minute) // a third chunk, after both ranges
	if sig(0, 150*time.Second) != first || sig(3*time.Minute, 6*time.Minute) != second {
		t.Error("a line in a chunk overlapping neither range changed their signals")
	}
	push(4*time.Minute + 30*time.Second) // late: lands in the open third chunk, now spanning 4m30s-10m
	if sig(3*time.Minute, 6*time.Minute) == second {
		t.Error("a late line in the range left its signal unchanged")
	}
	if sig(0, 150*time.Second) != first {
		t.Error("a late line outside the range changed its signal")
	}
}
