package sources

import (
	"context"
	"time"
)

// Sleep waits d or until ctx is done, whichever comes first, and returns ctx.Err() in the
// latter case: the retry and rate-limit waits of sources and backfill, which must end at
// once on shutdown.
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
