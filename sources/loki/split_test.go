package loki_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/loki"
	"github.com/leakwatch/leakwatch/sources/loki/lokifake"
)

// heavyLoki answers query_range like Loki, except that a query over more than maxRange is
// cut the way Loki cuts one running past its write timeout (connection closed, no status),
// or answered 504 by a gateway in front of it.
type heavyLoki struct {
	fake     *lokifake.Fake
	maxRange time.Duration
	gateway  bool // answer 504 instead of closing the connection
	mu       sync.Mutex
	ranges   []time.Duration // of every query_range, in order
}

func (h *heavyLoki) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/loki/api/v1/query_range" {
		_ = r.ParseForm()
		start, _ := strconv.ParseInt(r.Form.Get("start"), 10, 64)
		end, _ := strconv.ParseInt(r.Form.Get("end"), 10, 64)
		d := time.Duration(end - start)
		h.mu.Lock()
		h.ranges = append(h.ranges, d)
		h.mu.Unlock()
		if d > h.maxRange {
			if h.gateway {
				http.Error(w, "upstream request timeout", http.StatusGatewayTimeout)
				return
			}
			c, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				c.Close()
			}
			return
		}
	}
	h.fake.ServeHTTP(w, r)
}

// TestScanSplitsCutQueries: a range Loki cannot answer within its timeout is read in halves
// down to what it can; every line comes back once, each split is reported, and the later
// chunks of the window start at the size that worked instead of failing first again.
func TestScanSplitsCutQueries(t *testing.T) {
	for _, gateway := range []bool{false, true} {
		name := "connection closed"
		if gateway {
			name = "504 from a gateway"
		}
		t.Run(name, func(t *testing.T) {
			f := lokifake.New(lokifake.Options{Now: func() time.Time { return t0.Add(24 * time.Hour) }})
			h := &heavyLoki{fake: f, maxRange: 20 * time.Minute, gateway: gateway}
			srv := httptest.NewServer(h)
			t.Cleanup(srv.Close)
			want := map[string]bool{}
			for i := range 300 {
				text := "line " + strconv.Itoa(i)
				if err := f.Push("fake", map[string]string{"job": "app"}, lokifake.Entry{Time: t0.Add(time.Duration(i) * 36 * time.Second), Line: text}); err != nil {
					t.Fatal(err)
				}
				want["app|"+text] = true
			}
			var splits atomic.Int32
			s := newSource(t, srv.URL, func(c *loki.Config) {
				c.Limit = 50
				c.OnSplit = func() { splits.Add(1) }
			})
			lines, _, err := collect(context.Background(), s, hour(3), sources.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			assertExactlyOnce(t, lines, want)
			// 1h fails, 30m fails, 15m works: two splits in the first chunk. Later chunks start
			// at 15m and never fail again.
			if n := splits.Load(); n != 2 {
				t.Errorf("%d splits, want 2 (the first chunk only)", n)
			}
			h.mu.Lock()
			defer h.mu.Unlock()
			failed := 0
			for _, d := range h.ranges {
				if d > h.maxRange {
					failed++
				}
			}
			if failed != 2 {
				t.Errorf("%d queries over the range Loki can answer, want 2: %v", failed, h.ranges)
			}
		})
	}
}

// TestScanSplitFloor: when even the smallest range is cut, the scan fails with a retryable
// transport error after one try per halving — never retrying one size forever.
func TestScanSplitFloor(t *testing.T) {
	f := lokifake.New(lokifake.Options{Now: func() time.Time { return t0.Add(24 * time.Hour) }})
	h := &heavyLoki{fake: f, maxRange: 0}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	if err := f.Push("fake", map[string]string{"job": "app"}, lokifake.Entry{Time: t0.Add(time.Minute), Line: "x"}); err != nil {
		t.Fatal(err)
	}
	s := newSource(t, srv.URL, func(c *loki.Config) { c.MinChunk = 10 * time.Minute; c.Retry.Attempts = 5 })
	_, _, err := collect(context.Background(), s, hour(1), sources.Filter{})
	var se *sources.Error
	if !errors.As(err, &se) || se.Kind != sources.KindTransport || !se.Retryable {
		t.Fatalf("err %v, want a retryable transport error", err)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	// 60m, 30m, 15m, 7.5m (at or below the floor: no further split, no retry at that size).
	if len(h.ranges) != 4 {
		t.Fatalf("%d queries %v, want 4: one per halving down to the floor", len(h.ranges), h.ranges)
	}
}
