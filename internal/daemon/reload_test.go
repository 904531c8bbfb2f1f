package daemon

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/sources/loki/lokifake"
)

// TestReloadClosesOldSources: a reload builds new sources and closes the ones it replaces, so
// their connections to the store do not linger (a reload per credential rotation would
// otherwise pile them up).
func TestReloadClosesOldSources(t *testing.T) {
	fake := lokifake.New(lokifake.Options{})
	var mu sync.Mutex
	states := map[net.Conn]http.ConnState{}
	srv := httptest.NewUnstartedServer(fake)
	srv.Config.ConnState = func(c net.Conn, s http.ConnState) {
		mu.Lock()
		states[c] = s
		mu.Unlock()
	}
	srv.Start()
	t.Cleanup(srv.Close)
	count := func(want http.ConnState) int {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for _, s := range states {
			if s == want {
				n++
			}
		}
		return n
	}
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf("data_dir: %s\nlisten: 127.0.0.1:0\nsources:\n  - name: loki\n    type: loki\n    loki: {url: %s}\n    interval: 1h\n    recheck: 0s\n",
		filepath.Join(dir, "data"), srv.URL)), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	reload := make(chan struct{}, 1)
	done := make(chan error, 1)
	go func() { done <- Run(ctx, Options{ConfigPath: cfg, Reload: reload, WatchEvery: time.Hour}) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	}()
	wait := func(what string, cond func() bool) {
		t.Helper()
		for deadline := time.Now().Add(30 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("gave up waiting for %s", what)
			}
		}
	}
	// The first scan leaves its keep-alive connection idle in the source's pool.
	wait("the first scan's idle connection", func() bool { return count(http.StateIdle) == 1 })
	reload <- struct{}{}
	wait("the replaced source's connection closed", func() bool { return count(http.StateClosed) >= 1 })
}
