package backfill

import (
	"context"
	"testing"
	"time"
)

func TestLimiterSpacesTokens(t *testing.T) {
	now := time.Unix(1000, 0)
	var slept []time.Duration
	l := newLimiter(4) // one token every 250ms
	l.now = func() time.Time { return now }
	l.sleep = func(_ context.Context, d time.Duration) error { slept = append(slept, d); return nil }
	ctx := context.Background()
	for range 3 { // at the same instant: 0, 250ms, 500ms
		if err := l.Wait(ctx); err != nil {
			t.Fatal(err)
		}
	}
	now = now.Add(2 * time.Second) // idle: no burst is saved up beyond one token
	_ = l.Wait(ctx)
	_ = l.Wait(ctx)
	want := []time.Duration{250 * time.Millisecond, 500 * time.Millisecond, 250 * time.Millisecond}
	if len(slept) != len(want) {
		t.Fatalf("slept %v, want %v", slept, want)
	}
	for i := range want {
		if slept[i] != want[i] {
			t.Fatalf("slept %v, want %v", slept, want)
		}
	}
	if newLimiter(0) != nil {
		t.Fatal("rps 0 must mean unlimited")
	}
	var unlimited *limiter
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := unlimited.Wait(cctx); err == nil {
		t.Fatal("a cancelled wait succeeded")
	}
}
