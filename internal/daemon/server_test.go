package daemon

import (
	"bufio"
	"net"
	"net/http"
	"testing"
	"time"
)

// TestServerTimeouts: the HTTP server bounds reading a request, writing an answer and an
// idle connection, so a client that stalls cannot hold connections forever; an idle
// keep-alive connection is closed by the server once IdleTimeout passes.
func TestServerTimeouts(t *testing.T) {
	srv := newServer(http.NotFoundHandler())
	if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 || srv.WriteTimeout <= 0 || srv.IdleTimeout <= 0 {
		t.Fatalf("server timeouts read header %v, read %v, write %v, idle %v: want all set",
			srv.ReadHeaderTimeout, srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout)
	}
	// The idle bound is enforced: shortened here, an idle connection is closed by the server.
	srv.IdleTimeout = 50 * time.Millisecond
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	defer srv.Close()
	c, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(c)
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	// The server closes the idle connection: the read ends (EOF) instead of blocking; the
	// deadline only keeps a broken build from hanging.
	_ = c.SetReadDeadline(time.Now().Add(time.Minute))
	if _, err := r.ReadByte(); err == nil {
		t.Fatal("read a byte from an idle connection")
	} else if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatal("the server kept the idle connection open")
	}
}
