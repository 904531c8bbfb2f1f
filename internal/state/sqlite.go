package state

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver (pure Go, no cgo)
)

// DBFile is the database's file name inside the data dir.
const DBFile = "leakwatch.db"

// BusyTimeout is how long a writer waits for another writer (a backfill and the daemon share
// the file) before failing with SQLITE_BUSY.
const BusyTimeout = 10 * time.Second

// MaxLocations caps the sample locations kept per incident: the oldest MaxLocations-1 plus
// the latest.
const MaxLocations = 10

// DB is the Store, on either engine: SQLite (OpenSQLite: one database file in the data dir, one
// replica) or PostgreSQL (OpenPostgres: shared by several replicas). The SQL is the same for
// both (see db.go); the schemas are each engine's own (migrations/sqlite, migrations/postgres).
type DB struct {
	db   *sqlDB
	path string // the SQLite file; "" on PostgreSQL
	// wmu serialises this process's writers so they queue here instead of polling SQLite's
	// busy handler or PostgreSQL's lock queue; BEGIN IMMEDIATE (SQLite) or the write lock
	// (PostgreSQL, see write) covers writers in other processes.
	wmu chan struct{}
}

// SQLite is the name the store had when SQLite was its only engine.
type SQLite = DB

var _ Store = (*DB)(nil)

// OpenSQLite opens (creating when missing) the database in dataDir and applies pending
// migrations. dataDir is created with mode 0700, or tightened to it when wider: it holds the
// fingerprint key and the incidents. The database, its WAL and its shared memory are 0600.
func OpenSQLite(ctx context.Context, dataDir string) (*SQLite, error) {
	if err := PrivateDir(dataDir); err != nil {
		return nil, err
	}
	path := filepath.Join(dataDir, DBFile)
	// SQLite gives the WAL and shared-memory files the database file's mode: create it 0600
	// first, so none is ever readable by others, whatever the umask.
	if err := privateFile(path, true); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("state: open %s: %w", path, err)
	}
	if err := runMigrations(ctx, &sqlDB{DB: db}, migrations); err != nil {
		db.Close()
		return nil, fmt.Errorf("state: %s: %w", path, err)
	}
	for _, side := range []string{path + "-wal", path + "-shm"} {
		if err := privateFile(side, false); err != nil {
			db.Close()
			return nil, err
		}
	}
	return &DB{db: &sqlDB{DB: db}, path: path, wmu: make(chan struct{}, 1)}, nil
}

// PrivateDir creates dir with mode 0700, or tightens an existing one that others can read
// or enter; it fails, saying why, when it cannot.
func PrivateDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("state: create data dir %s: %w (check data_dir and its permissions)", dir, err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("state: data dir %s: %w", dir, err)
	}
	if fi.Mode().Perm()&0o077 == 0 {
		return nil
	}
	if err := os.Chmod(dir, fi.Mode().Perm()&0o700); err != nil {
		return fmt.Errorf("state: data dir %s has mode %04o, readable by other users, and could not be tightened to 0700: %w (chmod 700 it, or run leakwatch as its owner)", dir, fi.Mode().Perm(), err)
	}
	return nil
}

// privateFile makes path mode 0600: created when create is set and it is missing, tightened
// when wider.
func privateFile(path string, create bool) error {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		if !create {
			return nil
		}
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			return privateFile(path, false) // another process created it meanwhile
		}
		if err != nil {
			return fmt.Errorf("state: create %s: %w", path, err)
		}
		return f.Close()
	}
	if err != nil {
		return fmt.Errorf("state: %s: %w", path, err)
	}
	if fi.Mode().Perm()&0o177 != 0 {
		if err := os.Chmod(path, 0o600); err != nil {
			return fmt.Errorf("state: %s has mode %04o and could not be tightened to 0600: %w", path, fi.Mode().Perm(), err)
		}
	}
	return nil
}

// dsn builds the modernc.org/sqlite connection string. Every pooled connection gets the same
// settings:
//   - WAL: readers never block the writer, and a second process can read while one writes.
//   - busy_timeout: a writer waits for the other process's transaction instead of failing.
//   - _txlock=immediate: write transactions take the write lock at BEGIN, so two writers
//     never both hold read snapshots and then deadlock upgrading (which busy_timeout cannot
//     resolve and SQLite reports as SQLITE_BUSY at once).
//   - synchronous=FULL: every commit is fsynced. A commit carries the watermark, the
//     sightings and the outbox rows together, and marking an alert sent is a commit too; with
//     NORMAL a power cut could lose the last commits, so an alert already posted to Slack
//     could be posted again. Commits are one per page or per alert, so the fsync is cheap
//     next to the network round trips around it (see BenchmarkRecordPage).
func dsn(path string) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", BusyTimeout.Milliseconds()))
	// Incremental auto-vacuum: pages freed by pruning go back to the file system (Prune runs
	// incremental_vacuum). It takes effect on a new database; Prune converts an older one once.
	q.Add("_pragma", "auto_vacuum(INCREMENTAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Set("_txlock", "immediate")
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Path is the database file ("" on PostgreSQL).
func (s *DB) Path() string { return s.path }

// Driver is the engine: DriverSQLite or DriverPostgres.
func (s *DB) Driver() Driver {
	if s.db.pg {
		return DriverPostgres
	}
	return DriverSQLite
}

// Close closes the database.
func (s *DB) Close() error {
	if !s.db.pg {
		// optimize keeps the query planner's statistics fresh; failure is harmless.
		_, _ = s.db.Exec("PRAGMA optimize")
	}
	return s.db.Close()
}

// writeLockKey is the PostgreSQL advisory lock every write transaction takes first.
//
// Why one lock rather than SERIALIZABLE with retries: the store was written for SQLite's
// single writer, and its transactions read then write (merge coverage, look up then open an
// incident, check a lease then record); under one lock they keep exactly the semantics they
// have on SQLite, with no serialization failures to retry and no retry loop to get wrong.
// The cost is that writes of all replicas queue: a page's commit is milliseconds, and
// leakwatch's write rate (pages, windows, alerts) is far below what one writer sustains
// (see BenchmarkOutbox). It also makes fencing simple: a lease check and the write it
// guards commit under the lock a takeover needs too (see coord.go).
const writeLockKey = 0x6c6b7774_00000001 // "lkwt", 1

// write runs fn in one write transaction.
func (s *DB) write(ctx context.Context, fn func(tx *sqlTx) error) error {
	return s.tx(ctx, txWrite, "", fn)
}

// writeSource is write for a write on behalf of source: when ctx carries a Fence (see
// WithFence), the transaction first checks that the fence's lease is still held, and fails
// with ErrFenced, committing nothing, when it is not.
func (s *DB) writeSource(ctx context.Context, source string, fn func(tx *sqlTx) error) error {
	return s.tx(ctx, txWrite, source, fn)
}

// Transaction kinds.
const (
	txWrite = iota // takes the write lock
	txClaim        // PostgreSQL: row locks only (ClaimAlerts); SQLite: a write like any other
)

func (s *DB) tx(ctx context.Context, kind int, source string, fn func(tx *sqlTx) error) error {
	select {
	case s.wmu <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-s.wmu }()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w%s", err, busyHint(err))
	}
	if s.db.pg && kind == txWrite {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?)`, int64(writeLockKey)); err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("take the write lock: %w", err)
		}
	}
	if source != "" {
		if err := checkFence(ctx, tx, source); err != nil {
			_ = tx.Rollback()
			return err
		}
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w%s", err, busyHint(err))
	}
	return nil
}

// busyHint tells the user what a lock timeout means.
func busyHint(err error) string {
	if isBusy(err) {
		return " (another leakwatch process held the database longer than " + BusyTimeout.String() + "; retry)"
	}
	return ""
}

// isBusy reports SQLITE_BUSY and its extended codes.
func isBusy(err error) bool {
	var c interface{ Code() int }
	return errors.As(err, &c) && c.Code()&0xff == 5
}

// Times are stored as Unix nanoseconds. Times outside what int64 nanoseconds can hold (a
// log line with a garbage timestamp) are clamped rather than failing the page forever.
var (
	minTime = time.Unix(0, math.MinInt64)
	maxTime = time.Unix(0, math.MaxInt64)
)

func toNS(t time.Time) int64 {
	switch {
	case t.Before(minTime):
		return math.MinInt64
	case t.After(maxTime):
		return math.MaxInt64
	}
	return t.UnixNano()
}

func fromNS(ns int64) time.Time { return time.Unix(0, ns).UTC() }

func nullNS(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: toNS(t), Valid: true}
}

func fromNull(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return fromNS(n.Int64)
}
