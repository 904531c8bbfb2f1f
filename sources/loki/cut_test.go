package loki

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"syscall"
	"testing"
)

// TestCutTransport: a connection Loki closes after the request reached it is a cut, however
// the close surfaces (EOF on the response, a reset, or a write of a long query's body on the
// closed connection); a refused dial is not.
func TestCutTransport(t *testing.T) {
	post := func(err error) error {
		return &url.Error{Op: "Post", URL: "http://loki/loki/api/v1/query_range", Err: err}
	}
	write := func(err error) error {
		return &net.OpError{Op: "write", Net: "tcp", Err: err}
	}
	for _, c := range []struct {
		name string
		err  error
		cut  bool
	}{
		{"eof", post(io.EOF), true},
		{"unexpected eof", post(io.ErrUnexpectedEOF), true},
		{"reset", post(write(os.NewSyscallError("write", syscall.ECONNRESET))), true},
		{"broken pipe", post(write(os.NewSyscallError("write", syscall.EPIPE))), true},
		{"body written on the closed connection", post(fmt.Errorf("readfrom tcp: %w", write(net.ErrClosed))), true},
		{"refused", post(&net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}), false},
		{"other", post(errors.New("proxy said no")), false},
	} {
		if got := cutTransport(c.err); got != c.cut {
			t.Errorf("%s: cut %v, want %v", c.name, got, c.cut)
		}
	}
}
