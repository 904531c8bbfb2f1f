package loki_test

import (
	"context"
	"fmt"
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
		t.Errorf("index volume reported %+v, want one reverify request that read nothing", c)
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

// TestSignal: the index volume of a range changes when a line is added to it, also one
// pushed late, and stays the same when lines land in chunks that do not overlap the range;
// an answer that may have left series out is no signal.
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
	if want := fmt.Sprintf("1/%d", len("GET / 200 0s")+2*len("GET / 200 1m0s")); first != want {
		t.Fatalf("signal of the first chunk's range = %q, want %q: 1 series, the chunk's bytes", first, want)
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

func TestSignalIncompleteAnswer(t *testing.T) {
	f, url := newFake(t, lokifake.Options{})
	for i := range 1000 {
		if err := f.Push("fake", map[string]string{"job": fmt.Sprintf("j%d", i)}, lokifake.Entry{Time: t0, Line: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	s := newSource(t, url, func(c *loki.Config) { c.Selectors = []string{`{job=~".+"}`} })
	got, err := s.Signal(context.Background(), t0, t0.Add(time.Minute))
	if err != nil || got != "" {
		t.Errorf("signal over 1000 series = %q, %v; want no signal (the answer may be cut at its limit)", got, err)
	}
}
