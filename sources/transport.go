package sources

import (
	"errors"
	"net/url"
)

// ScrubURLError drops *url.Error's echo of the request URL from a transport error: callers
// name the host themselves, and a URL may carry query parameters or userinfo.
func ScrubURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
