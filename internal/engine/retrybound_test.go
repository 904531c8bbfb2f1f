package engine_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/backoff"
	"github.com/leakwatch/leakwatch/internal/engine"
	"github.com/leakwatch/leakwatch/internal/state"
	"github.com/leakwatch/leakwatch/queries"
	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/elasticsearch"
	"github.com/leakwatch/leakwatch/sources/loki"
)

// waits records the waits of every retry loop instead of waiting them.
type waits struct {
	mu    sync.Mutex
	total time.Duration
	n     int
}

func (w *waits) sleep(_ context.Context, d time.Duration) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.total += d
	w.n++
	return nil
}

// TestRetryBoundOfAWindow: a store that never answers makes a window's retries multiply
// with each request's, and the product stays within backoff.Nested of the two policies:
// exactly the tries the policies allow, never more waiting than the bound.
func TestRetryBoundOfAWindow(t *testing.T) {
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		// A Retry-After far beyond Max: every request wait is Max, its longest.
		w.Header().Set("Retry-After", "3600")
		http.Error(w, "too many outstanding requests", http.StatusTooManyRequests)
	}))
	t.Cleanup(srv.Close)
	var rec waits
	zero := func() float64 { return 0 }
	window := backoff.Policy{Attempts: 3, Base: 2 * time.Second, Rand: zero, Sleep: rec.sleep}
	request := backoff.Policy{Attempts: 4, Base: time.Second, Max: 10 * time.Second, MaxWait: 25 * time.Second, Sleep: rec.sleep}

	src, err := loki.New(loki.Config{Name: "loki", URL: srv.URL, Retry: request,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	ctx := context.Background()
	st, err := state.OpenSQLite(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	det, err := detector.New(queries.Catalog(), detector.Options{Key: []byte("bound-test-key")})
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.New(engine.Options{Store: st, Detector: det, Notifiers: []string{"log"}, Retry: window,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	w := sources.Window{Start: e2eT0, End: e2eT0.Add(time.Minute)}
	err = eng.ScanWindow(ctx, engine.Job{Source: src}, w)
	var se *sources.Error
	if !errors.As(err, &se) || se.Kind != sources.KindThrottled {
		t.Fatalf("err = %v, want the throttled request's error", err)
	}

	// Each request: 3 tries (waits 10s + 10s; a third wait would pass MaxWait 25s), then
	// the window retries after 2s and 4s: 3 × 3 tries, 3 × 20s + 6s of waiting.
	if got := requests.Load(); got != 9 {
		t.Errorf("%d requests, want 9 (3 window tries × 3 request tries)", got)
	}
	if want := 66 * time.Second; rec.total != want {
		t.Errorf("waited %v in %d waits, want %v", rec.total, rec.n, want)
	}
	attempts, bound := backoff.Nested(window, request)
	if int(requests.Load()) > attempts || rec.total > bound {
		t.Errorf("%d requests waiting %v, past the bound of %d tries and %v", requests.Load(), rec.total, attempts, bound)
	}
}

// TestRetryBoundOfDefaults pins the worst case the documentation states for the daemon's
// policies: a request that keeps failing is tried at most 15 times (Loki) or 18 times
// (Elasticsearch) across a window's retries, with at most 6m9s of waiting in all.
func TestRetryBoundOfDefaults(t *testing.T) {
	window := backoff.Policy{Attempts: 3}.Or(engine.DefaultRetry) // the daemon's
	for _, tt := range []struct {
		name         string
		request      backoff.Policy
		wantAttempts int
		wantWait     time.Duration
	}{
		{"loki", loki.DefaultRetry, 15, 6*time.Minute + 9*time.Second},
		{"elasticsearch", elasticsearch.DefaultRetry, 18, 6*time.Minute + 9*time.Second},
	} {
		a, w := backoff.Nested(window, tt.request)
		if a != tt.wantAttempts || w != tt.wantWait {
			t.Errorf("%s: worst case %d tries and %v of waiting, the docs say %d and %v", tt.name, a, w, tt.wantAttempts, tt.wantWait)
		}
	}
}
