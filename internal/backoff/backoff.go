// Package backoff is the one retry policy of leakwatch: how many tries, how long to wait
// between them (exponential from a base, capped, with jitter so that clients failing
// together — several sources, several alerts, several replicas — do not retry in step) and
// how long to wait in all. Loki's and Elasticsearch's requests and the engine's window
// retries loop through Retry; the alert outbox, whose retries are rows in the state rather
// than a loop, waits what Delay and After say.
//
// A retry loop inside another multiplies: a request retried inside a window that is retried
// is tried Attempts × Attempts times. Nested states that worst case, finite by construction:
// every Policy has a finite number of attempts and a finite total wait (Bound).
package backoff

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
)

// Policy says how often to try and how long to wait after a failed attempt. The same names
// serve every retry loop: Attempts, Base, Max and MaxWait.
type Policy struct {
	// Attempts is the most tries, the first included (below 1: one try, no retry).
	Attempts int
	// Base is the delay after the first failure; it doubles with each further one.
	Base time.Duration
	// Max caps one delay and a server's Retry-After (0: no cap on the delay; Retry-After is
	// then honoured up to the delay itself, so it never lengthens the wait).
	Max time.Duration
	// MaxWait bounds the waits of one Retry in all (0: only Attempts bounds them): a wait
	// that would pass it ends the retries instead.
	MaxWait time.Duration
	// Jitter is the share of the delay drawn at random below it: 1 waits anywhere in
	// (0, d] ("full jitter"), 0.5 in [d/2, d], 0 exactly d.
	Jitter float64
	// Rand draws in [0, 1) (tests); default math/rand/v2.
	Rand func() float64
	// Sleep waits d or until ctx ends, returning ctx's error then (tests record the waits
	// through it); default a timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// OnRetry, when set, is told of each retry before its wait (a log line).
	OnRetry func(attempt int, wait time.Duration, err error)
}

// Or fills p's zero settings from d (the caller's defaults); the hooks too.
func (p Policy) Or(d Policy) Policy {
	if p.Attempts == 0 {
		p.Attempts = d.Attempts
	}
	if p.Base == 0 {
		p.Base = d.Base
	}
	if p.Max == 0 {
		p.Max = d.Max
	}
	if p.MaxWait == 0 {
		p.MaxWait = d.MaxWait
	}
	if p.Jitter == 0 {
		p.Jitter = d.Jitter
	}
	if p.Rand == nil {
		p.Rand = d.Rand
	}
	if p.Sleep == nil {
		p.Sleep = d.Sleep
	}
	if p.OnRetry == nil {
		p.OnRetry = d.OnRetry
	}
	return p
}

// Validate reports a setting that cannot work, naming it.
func (p Policy) Validate() error {
	switch {
	case p.Attempts < 0:
		return fmt.Errorf("attempts: %d: want at least 1", p.Attempts)
	case p.Base < 0 || p.Max < 0 || p.MaxWait < 0:
		return errors.New("base, max and max_wait: want positive durations")
	case p.Jitter < 0 || p.Jitter > 1:
		return fmt.Errorf("jitter: %g: want 0..1", p.Jitter)
	}
	return nil
}

// Delay is the wait after the attempt-th failure in a row (attempt counts from 1).
func (p Policy) Delay(attempt int) time.Duration {
	d := p.ceiling(attempt)
	if p.Jitter > 0 && d > 0 {
		r := rand.Float64
		if p.Rand != nil {
			r = p.Rand
		}
		d -= time.Duration(float64(d) * min(p.Jitter, 1) * r())
		d = max(d, 1)
	}
	return d
}

// ceiling is Delay without jitter: the longest Delay(attempt) can be.
func (p Policy) ceiling(attempt int) time.Duration {
	d := p.Base
	for i := 1; i < attempt && (p.Max <= 0 || d < p.Max); i++ {
		if d > time.Duration(1<<62) {
			break // doubling again would overflow
		}
		d *= 2
	}
	if p.Max > 0 && (d > p.Max || d <= 0) {
		d = p.Max
	}
	return d
}

// After is Delay, but never less than a server's Retry-After, itself capped at limit so a
// server cannot park a client for a day.
func (p Policy) After(attempt int, retryAfter, limit time.Duration) time.Duration {
	return max(p.Delay(attempt), min(retryAfter, limit))
}

// wait is the wait before the attempt after the attempt-th failure: Delay, lengthened to a
// server's Retry-After up to Max.
func (p Policy) wait(attempt int, retryAfter time.Duration) time.Duration {
	limit := p.Max
	if limit <= 0 {
		limit = p.ceiling(attempt)
	}
	return p.After(attempt, retryAfter, limit)
}

// Bound is the worst case of one Retry: the most tries, and the most time spent waiting
// between them (MaxWait, or less when Attempts allow less). The time of the tries themselves
// is the caller's (a request's timeout).
func (p Policy) Bound() (attempts int, wait time.Duration) {
	attempts = max(p.Attempts, 1)
	for i := 1; i < attempts; i++ {
		d := p.ceiling(i)
		if p.Max > 0 {
			d = max(d, p.Max) // a Retry-After may lengthen any wait to Max
		}
		wait = satAdd(wait, d)
	}
	if p.MaxWait > 0 {
		wait = min(wait, p.MaxWait)
	}
	return attempts, wait
}

// Nested is the worst case of an inner Retry (a request) that keeps failing inside every try
// of an outer one (the window that holds it): inner × outer tries, and outer's own waits plus
// inner's in each outer try. Both are finite because every Policy's are.
func Nested(outer, inner Policy) (attempts int, wait time.Duration) {
	oa, ow := outer.Bound()
	ia, iw := inner.Bound()
	wait = ow
	for range oa {
		wait = satAdd(wait, iw)
	}
	return oa * ia, wait
}

func satAdd(a, b time.Duration) time.Duration {
	if s := a + b; s >= a {
		return s
	}
	return time.Duration(1<<63 - 1)
}

// Exhausted is the error of a Retry that gave up while try still asked for another attempt:
// the attempts or MaxWait were spent. It wraps try's last error.
type Exhausted struct {
	Attempts int           // tries made
	Waited   time.Duration // time waited between them
	Err      error         // the last try's error
}

func (e *Exhausted) Error() string {
	return fmt.Sprintf("%v (gave up after %d attempts)", e.Err, e.Attempts)
}

func (e *Exhausted) Unwrap() error { return e.Err }

// Retry calls try (attempt counts from 1) until it returns a nil error, says not to retry,
// ctx ends, or p is spent. Between tries it waits p's delay, lengthened to the retryAfter try
// returned (a server's Retry-After) up to Max. It returns nil, try's error when try said not
// to retry, ctx's error when ctx ended before a retry, or an *Exhausted wrapping try's last
// error.
func Retry(ctx context.Context, p Policy, try func(attempt int) (retry bool, retryAfter time.Duration, err error)) error {
	sleep := p.Sleep
	if sleep == nil {
		sleep = Sleep
	}
	attempts := max(p.Attempts, 1)
	var waited time.Duration
	for attempt := 1; ; attempt++ {
		retry, retryAfter, err := try(attempt)
		if err == nil {
			return nil
		}
		if !retry {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if attempt >= attempts {
			return &Exhausted{Attempts: attempt, Waited: waited, Err: err}
		}
		d := p.wait(attempt, retryAfter)
		if p.MaxWait > 0 && waited+d > p.MaxWait {
			return &Exhausted{Attempts: attempt, Waited: waited, Err: err}
		}
		if p.OnRetry != nil {
			p.OnRetry(attempt, d, err)
		}
		if err := sleep(ctx, d); err != nil {
			return err
		}
		waited += d
	}
}

// Sleep waits d or until ctx is done, whichever comes first, and returns ctx.Err() in the
// latter case: every retry and rate-limit wait, which must end at once on shutdown.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
