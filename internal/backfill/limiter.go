package backfill

import (
	"context"
	"sync"
	"time"

	"github.com/leakwatch/leakwatch/internal/backoff"
)

// limiter is a token bucket of capacity one (GCRA): at most rps tokens a second, spread
// evenly, so a backfill never bursts at the store. A nil limiter never waits.
type limiter struct {
	interval time.Duration
	now      func() time.Time
	sleep    func(context.Context, time.Duration) error

	mu  sync.Mutex
	tat time.Time // theoretical arrival time of the next token
}

func newLimiter(rps float64) *limiter {
	if rps <= 0 {
		return nil
	}
	return &limiter{interval: time.Duration(float64(time.Second) / rps), now: time.Now, sleep: backoff.Sleep}
}

// Wait takes a token, sleeping until it is due. A token taken by a cancelled wait is spent.
func (l *limiter) Wait(ctx context.Context) error {
	if l == nil {
		return ctx.Err()
	}
	l.mu.Lock()
	now := l.now()
	at := l.tat
	if at.Before(now) {
		at = now
	}
	l.tat = at.Add(l.interval)
	l.mu.Unlock()
	if d := at.Sub(now); d > 0 {
		return l.sleep(ctx, d)
	}
	return ctx.Err()
}
