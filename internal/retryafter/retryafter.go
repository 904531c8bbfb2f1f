// Package retryafter reads HTTP Retry-After headers, for every client that honours them
// (Slack, webhooks, Loki).
package retryafter

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Parse reads an HTTP Retry-After value, delay-seconds or an HTTP-date (RFC 9110
// §10.2.3), as the wait from now; a date in the past is no wait. ok is false for an empty,
// negative or unreadable value, so the caller falls back to its own backoff.
func Parse(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
