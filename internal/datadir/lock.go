// Package datadir is the lock that makes one process the owner of a SQLite data dir: the
// one that scans on a schedule and delivers alerts (internal/app takes it for the daemon,
// and for a backfill when no daemon runs). It knows nothing of what the directory holds.
// A shared PostgreSQL state takes none (its replicas claim work row by row).
package datadir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// LockFile is the data dir's lock file: the process holding an exclusive flock on it is the
// one that scans on a schedule and delivers alerts.
const LockFile = "leakwatch.lock"

// InUseError says another process holds the data dir's lock.
type InUseError struct {
	Dir string
	PID int // 0 when the holder has not written its pid yet
}

func (e *InUseError) Error() string {
	who := "another process"
	if e.PID > 0 {
		who = "pid " + strconv.Itoa(e.PID)
	}
	return fmt.Sprintf("data_dir %s is in use by %s", e.Dir, who)
}

// Lock is a held data dir lock; Release (or the process's exit) frees it.
type Lock struct{ f *os.File }

// Acquire takes the exclusive lock on dataDir (created 0700 when missing) without
// waiting, and writes this process's pid into the lock file. Two daemons on one data dir
// would both scan and both deliver every alert (each holds its own outbox worker), so the
// second is refused with an *InUseError. The lock is an flock: the kernel frees it when the
// process dies, so a crash never leaves a stale lock behind.
func Acquire(dataDir string) (*Lock, error) {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data dir %s: %w (check data_dir and its permissions)", dataDir, err)
	}
	path := filepath.Join(dataDir, LockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w (check data_dir and its permissions)", path, err)
	}
	if err := flockExclusive(f); err != nil {
		f.Close()
		if errors.Is(err, errLocked) {
			return nil, &InUseError{Dir: dataDir, PID: readPID(path)}
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	// The pid is informative only (the flock is the lock): a failure to write it is harmless.
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &Lock{f: f}, nil
}

// Holder tells whether another process holds dataDir's lock, and its pid, without
// taking the lock (a read-only check for commands that work beside a daemon).
func Holder(dataDir string) (held bool, pid int, err error) {
	path := filepath.Join(dataDir, LockFile)
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if errors.Is(err, os.ErrNotExist) {
		return false, 0, nil
	}
	if err != nil {
		return false, 0, fmt.Errorf("lock %s: %w", path, err)
	}
	defer f.Close()
	if err := flockExclusive(f); err != nil {
		if errors.Is(err, errLocked) {
			return true, readPID(path), nil
		}
		return false, 0, fmt.Errorf("lock %s: %w", path, err)
	}
	_ = funlock(f)
	return false, 0, nil
}

// Release frees the lock. The pid is left in the file: only the flock says who holds it.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := funlock(l.f)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	return err
}

func readPID(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		return 0
	}
	return pid
}
