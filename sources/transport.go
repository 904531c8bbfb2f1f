package sources

import (
	"context"
	"errors"
	"net/url"
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

// ScrubURLError drops *url.Error's echo of the request URL from a transport error: callers
// name the host themselves, and a URL may carry query parameters or userinfo.
func ScrubURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
