package datadir

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestLockDataDir: a second lock on a held data dir is refused naming the holder's pid; a
// released lock can be taken again; Holder reports the holder without taking it.
func TestLockDataDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if held, _, err := Holder(dir); err != nil || held {
		t.Fatalf("holder of a data dir never locked: held=%v err=%v, want false, nil", held, err)
	}
	l, err := Acquire(dir)
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name string
		do   func() error
	}{
		{"second lock", func() error { _, err := Acquire(dir); return err }},
		{"third lock", func() error { _, err := Acquire(dir); return err }},
	}
	for _, s := range steps {
		err := s.do()
		var inUse *InUseError
		if !errors.As(err, &inUse) {
			t.Fatalf("%s: got %v, want an InUseError", s.name, err)
		}
		if inUse.PID != os.Getpid() {
			t.Errorf("%s: pid %d, want %d", s.name, inUse.PID, os.Getpid())
		}
		want := "data_dir " + dir + " is in use by pid " + strconv.Itoa(os.Getpid())
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%s: message %q lacks %q", s.name, err, want)
		}
	}
	held, pid, err := Holder(dir)
	if err != nil || !held || pid != os.Getpid() {
		t.Errorf("holder while locked: held=%v pid=%d err=%v, want true, %d", held, pid, err, os.Getpid())
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	if held, _, _ := Holder(dir); held {
		t.Error("holder after release: still held")
	}
	l2, err := Acquire(dir)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	if err := l2.Release(); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, LockFile))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("lock file mode %v, want 0600", fi.Mode().Perm())
	}
}
