package state

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"
)

const (
	writerPages   = 10
	writerSecrets = 5 // secrets shared by every writer
)

// writeWorkload records writerPages pages as one writer: each page has a line of its own
// for every shared secret, so writers race to open the same incidents. It also covers a
// window per page and polls the outbox, as the engine and the outbox worker do.
func writeWorkload(ctx context.Context, s *SQLite, writer string) error {
	opts := RecordOptions{Notifiers: []string{"slack"}, ReplyEvery: time.Hour, Now: t0}
	source := "src-" + writer
	for p := range writerPages {
		var page []Sighting
		for k := range writerSecrets {
			page = append(page, sight(source, fmt.Sprintf("%s-p%d-k%d", writer, p, k), fmt.Sprint("shared", k), t0))
		}
		if _, err := s.RecordPage(ctx, source, page, []byte(strconv.Itoa(p)), opts); err != nil {
			return fmt.Errorf("writer %s page %d: %w", writer, p, err)
		}
		if err := s.Cover(ctx, "shared", at(p), at(p+1)); err != nil {
			return fmt.Errorf("writer %s cover %d: %w", writer, p, err)
		}
		if _, err := s.DueAlerts(ctx, t0, 10); err != nil {
			return fmt.Errorf("writer %s due alerts: %w", writer, err)
		}
	}
	return nil
}

// checkWorkload verifies the combined result of the writers.
func checkWorkload(t *testing.T, s *SQLite, writers int) {
	t.Helper()
	ctx := context.Background()
	if n := count(t, s, `SELECT COUNT(*) FROM incidents`); n != writerSecrets {
		t.Fatalf("incidents = %d, want %d (one per secret)", n, writerSecrets)
	}
	if n := count(t, s, `SELECT SUM(count) FROM incidents`); n != writers*writerPages*writerSecrets {
		t.Fatalf("total count = %d, want %d", n, writers*writerPages*writerSecrets)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM outbox WHERE kind = 'new'`); n != writerSecrets {
		t.Fatalf("new alerts = %d, want %d (exactly one per incident)", n, writerSecrets)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM outbox`); n != writerSecrets {
		t.Fatalf("outbox = %d, want %d (no reply within the hour)", n, writerSecrets)
	}
	cov, err := s.Coverage(ctx, "shared", at(-1), at(writerPages+1))
	if err != nil || len(cov) != 1 || !cov[0].From.Equal(at(0)) || !cov[0].To.Equal(at(writerPages)) {
		t.Fatalf("coverage = %v %v", cov, err)
	}
	for w := range writers {
		if cp, _ := s.Checkpoint(ctx, fmt.Sprint("src-w", w)); string(cp) != strconv.Itoa(writerPages-1) {
			t.Fatalf("writer %d checkpoint = %q", w, cp)
		}
	}
}

func TestConcurrentWritersOneHandle(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		s := open(t)
		runWriters(t, func(int) *SQLite { return s })
		checkWorkload(t, s, 2)
	})
}

func TestConcurrentWritersTwoHandles(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		s := open(t)
		handles := []*DB{s, reopen(t, s)}
		runWriters(t, func(i int) *DB { return handles[i] })
		checkWorkload(t, handles[0], 2)
	})
}

func runWriters(t *testing.T, handle func(int) *SQLite) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range 2 {
		wg.Go(func() { errs[i] = writeWorkload(context.Background(), handle(i), fmt.Sprint("w", i)) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestConcurrentWritersTwoProcesses runs the workload in two child processes (this test
// binary re-executed) on one data dir, as a backfill and the daemon would.
func TestConcurrentWritersTwoProcesses(t *testing.T) {
	if dir := os.Getenv("LEAKWATCH_STATE_CHILD_DIR"); dir != "" {
		s, err := OpenSQLite(context.Background(), dir)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer s.Close()
		if err := writeWorkload(context.Background(), s, os.Getenv("LEAKWATCH_STATE_CHILD_NAME")); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	if testing.Short() {
		t.Skip("spawns processes")
	}
	dir := t.TempDir()
	var cmds []*exec.Cmd
	for i := range 2 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestConcurrentWritersTwoProcesses$", "-test.count=1")
		cmd.Env = append(os.Environ(), "LEAKWATCH_STATE_CHILD_DIR="+dir, fmt.Sprint("LEAKWATCH_STATE_CHILD_NAME=w", i))
		cmds = append(cmds, cmd)
	}
	// Both start before either has created the database: migrations race too.
	outs := make([][]byte, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, cmd := range cmds {
		wg.Go(func() { outs[i], errs[i] = cmd.CombinedOutput() })
	}
	wg.Wait()
	for i := range cmds {
		if errs[i] != nil {
			t.Fatalf("child %d: %v\n%s", i, errs[i], outs[i])
		}
	}
	s := openDir(t, dir)
	checkWorkload(t, s, 2)
	if n := count(t, s, `SELECT COUNT(*) FROM schema_migrations`); n != SchemaVersion {
		t.Fatalf("migrations applied %d times, want %d", n, SchemaVersion)
	}
}
