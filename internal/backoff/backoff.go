// Package backoff is the one retry delay of leakwatch: exponential from a base, capped, with
// jitter so that clients failing together (several sources, several alerts, several
// replicas) do not retry in step. Loki, Elasticsearch, the engine's window retries and the
// alert outbox all wait what a Policy says.
package backoff

import (
	"math/rand/v2"
	"time"
)

// Policy says how long to wait after a failed attempt.
type Policy struct {
	// Base is the delay after the first failure; it doubles with each further one.
	Base time.Duration
	// Max caps the delay (0: no cap).
	Max time.Duration
	// Jitter is the share of the delay drawn at random below it: 1 waits anywhere in
	// (0, d] ("full jitter"), 0.5 in [d/2, d], 0 exactly d.
	Jitter float64
	// Rand draws in [0, 1) (tests); default math/rand/v2.
	Rand func() float64
}

// Delay is the wait after the attempt-th failure in a row (attempt counts from 1).
func (p Policy) Delay(attempt int) time.Duration {
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

// After is Delay, but never less than a server's Retry-After, itself capped at limit so a
// server cannot park a client for a day.
func (p Policy) After(attempt int, retryAfter, limit time.Duration) time.Duration {
	return max(p.Delay(attempt), min(retryAfter, limit))
}
