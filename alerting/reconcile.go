package alerting

import (
	"context"
	"errors"
	"time"
)

// Reconciler is implemented by notifiers that can tell whether an alert already reached the
// receiver. The outbox asks before sending again an alert whose previous attempt has no
// recorded outcome (the process died during it, or the attempt failed in a way that may have
// delivered it), which turns at-least-once delivery into effectively exactly-once.
type Reconciler interface {
	// Delivered reports whether a (identified by a.ID, the outbox id) is already at the
	// receiver, posted no earlier than since (when the unfinished attempt started). ref is
	// what Notify would have returned for it. An error means the answer is unknown; wrap it
	// in *TransientError when asking again later is likely to work.
	Delivered(ctx context.Context, a Alert, since time.Time) (ref string, found bool, err error)
}

// TransientError marks a Delivered failure that is likely to pass by itself (a rate limit, a
// receiver outage, a network error, a credential being rotated): the outbox asks again later
// rather than sending without knowing. Any other Delivered error (a missing scope, a channel
// that cannot be read) cannot pass without someone acting; the outbox then sends anyway,
// accepting a possible duplicate over a lost alert.
type TransientError struct{ Err error }

func (e *TransientError) Error() string { return e.Err.Error() }
func (e *TransientError) Unwrap() error { return e.Err }

// IsTransient reports whether err is a *TransientError or carries a Retry-After.
func IsTransient(err error) bool {
	var t *TransientError
	if errors.As(err, &t) {
		return true
	}
	_, ok := RetryAfter(err)
	return ok
}
