// Package migrate brings a database's schema up to date: numbered steps, each applied once,
// in order, each in its own transaction that also records its version in schema_migrations.
// It knows nothing of the tables the steps make; the steps are SQL files (Load) or, for a
// data transform SQL cannot express, a Go function.
//
// Several processes may open a new database at once (replicas starting together, a backfill
// beside the daemon): every step's transaction re-reads the version first, under PostgreSQL's
// advisory lock or SQLite's write lock, so each step runs exactly once and the others then
// read the new version.
package migrate

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch/internal/backoff"
)

// Dialect is the engine a Runner talks to.
type Dialect int

const (
	SQLite Dialect = iota + 1
	Postgres
)

// Step brings the schema from Version-1 to Version.
type Step struct {
	Version int
	Name    string // the file's name, or the Go step's ("0006_incident_response.sql")
	SQL     string // one or more statements, run as one Exec
	// Go, when set, is the step instead of SQL: a data transform SQL cannot express. It runs
	// in the step's transaction and writes its placeholders in the dialect's spelling.
	Go func(ctx context.Context, tx *sql.Tx) error
}

// fileName is a step's file: its version (four digits, from 0001), an underscore, a name.
var fileName = regexp.MustCompile(`^([0-9]{4})_[a-z0-9_]+\.sql$`)

// Load reads the steps in dir of fsys, one file a version (0001_init.sql, 0002_….sql, …),
// and adds code, the steps written in Go, each in its version's place. The versions must
// run from 1 without a gap or a duplicate: a misnamed or missing file is an error here
// rather than a step silently skipped.
func Load(fsys fs.FS, dir string, code ...Step) ([]Step, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	var steps []Step
	for _, e := range entries {
		m := fileName.FindStringSubmatch(e.Name())
		if e.IsDir() || m == nil {
			return nil, fmt.Errorf("migrate: %s: not a step (want files named like 0001_name.sql)", path.Join(dir, e.Name()))
		}
		text, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("migrate: %w", err)
		}
		if strings.TrimSpace(string(text)) == "" {
			return nil, fmt.Errorf("migrate: %s is empty", path.Join(dir, e.Name()))
		}
		v, _ := strconv.Atoi(m[1])
		steps = append(steps, Step{Version: v, Name: e.Name(), SQL: string(text)})
	}
	for _, s := range code {
		if s.Go == nil || s.SQL != "" {
			return nil, fmt.Errorf("migrate: Go step %d (%s) must have a function and no SQL", s.Version, s.Name)
		}
		steps = append(steps, s)
	}
	slices.SortStableFunc(steps, func(a, b Step) int { return cmp.Compare(a.Version, b.Version) })
	if err := check(steps); err != nil {
		return nil, fmt.Errorf("migrate: %s: %w", dir, err)
	}
	return steps, nil
}

// check reports a list whose versions do not run 1, 2, 3, … .
func check(steps []Step) error {
	for i, s := range steps {
		switch {
		case i > 0 && s.Version == steps[i-1].Version:
			return fmt.Errorf("two steps of version %d (%s, %s)", s.Version, steps[i-1].Name, s.Name)
		case s.Version != i+1:
			return fmt.Errorf("step %s has version %d, want %d (versions run from 1 without a gap)", s.Name, s.Version, i+1)
		}
	}
	return nil
}

// Runner applies Steps to a database of Dialect.
type Runner struct {
	Dialect Dialect
	Steps   []Step
	// LockKey is the PostgreSQL advisory lock every step's transaction takes first. It must
	// never change: processes of different releases starting together must share it.
	LockKey int64
	// BusyWait is how long, on SQLite, a step keeps being retried while another process
	// holds the database (SQLITE_BUSY): the busy timeout the connections are opened with.
	BusyWait time.Duration

	sleep func(context.Context, time.Duration) error // waits between busy tries (tests); default a timer
}

// Up applies the steps the database has not had. It refuses a database of a newer version
// than the last step (a newer release wrote it). A step that fails is rolled back whole:
// the database stays at the previous version, and the error names the version.
func (r Runner) Up(ctx context.Context, db *sql.DB) error {
	if _, ok := spelling[r.Dialect]; !ok {
		return fmt.Errorf("migrate: unknown dialect %d", r.Dialect)
	}
	if err := check(r.Steps); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	// Two processes opening a new SQLite file at once: while one switches it to WAL, the
	// other's BEGIN fails with SQLITE_BUSY at once, without waiting in the busy handler.
	// Waiting a moment is all it needs: the steps are tried again while less than BusyWait
	// has passed since the first try.
	began := time.Now()
	var last error
	if err := backoff.Retry(ctx, r.busyRetry(), func(int) (bool, time.Duration, error) {
		last = r.apply(ctx, db)
		busy := last != nil && r.Dialect == SQLite && isBusy(last) && time.Since(began) < r.BusyWait
		return busy, 0, last
	}); err != nil {
		// The last try's error, whether Retry gave up or ctx ended during a wait: "database
		// is locked" with its hint says more than a canceled context.
		return last
	}
	return nil
}

// busyRetry is the wait between tries while SQLite is busy. The time check in Up is what
// ends the retries; Attempts and MaxWait only state that bound in the Policy's terms and
// never end them first: every wait is at least Base/2 (jitter ½) and at most Max, and none
// starts once BusyWait has passed.
func (r Runner) busyRetry() backoff.Policy {
	p := backoff.Policy{Base: 10 * time.Millisecond, Max: time.Second, Jitter: 0.5}
	p.Attempts = int(r.BusyWait/(p.Base/2)) + 2
	p.MaxWait = r.BusyWait + p.Max
	p.Sleep = r.sleep
	return p
}

// apply applies the steps the database has not had, each in its own transaction.
func (r Runner) apply(ctx context.Context, db *sql.DB) error {
	for {
		done, err := r.step(ctx, db)
		if err != nil || done {
			return err
		}
	}
}

// spelling is each dialect's text of the runner's own statements: the lock a step's
// transaction takes first (none on SQLite, whose BEGIN IMMEDIATE is the lock), the version
// table, and the insert that records a version.
var spelling = map[Dialect]struct{ lock, table, record string }{
	SQLite: {
		table: `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		applied_ns INTEGER NOT NULL
	) STRICT`,
		record: `INSERT INTO schema_migrations (version, applied_ns) VALUES (?, ?)`,
	},
	Postgres: {
		lock: `SELECT pg_advisory_xact_lock($1)`,
		table: `CREATE TABLE IF NOT EXISTS schema_migrations (
			version    INTEGER PRIMARY KEY,
			applied_ns BIGINT  NOT NULL
		)`,
		record: `INSERT INTO schema_migrations (version, applied_ns) VALUES ($1, $2)`,
	},
}

// step applies the next step in one transaction, or reports that none is left.
func (r Runner) step(ctx context.Context, db *sql.DB) (done bool, err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("migrate: begin: %w%s", err, r.busyHint(err))
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	cur, err := r.version(ctx, tx)
	if err != nil {
		return false, err
	}
	last := len(r.Steps)
	if cur > last {
		return false, fmt.Errorf("database schema version %d is newer than this leakwatch supports (%d): "+
			"it was written by a newer leakwatch; run that version or restore a backup", cur, last)
	}
	if cur == last {
		return true, tx.Commit()
	}
	next := r.Steps[cur]
	if next.Go != nil {
		err = next.Go(ctx, tx)
	} else {
		_, err = tx.ExecContext(ctx, next.SQL)
	}
	if err == nil {
		_, err = tx.ExecContext(ctx, spelling[r.Dialect].record, next.Version, time.Now().UnixNano())
	}
	if err != nil {
		return false, fmt.Errorf("migrate to schema version %d: %w", next.Version, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("migrate to schema version %d: commit: %w", next.Version, err)
	}
	return false, nil
}

// version takes the migration lock (PostgreSQL), makes the version table when missing, and
// reads the database's version: 0 for a new database.
func (r Runner) version(ctx context.Context, tx *sql.Tx) (int, error) {
	sp := spelling[r.Dialect]
	if sp.lock != "" {
		if _, err := tx.ExecContext(ctx, sp.lock, r.LockKey); err != nil {
			return 0, fmt.Errorf("migrate: take the migration lock: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, sp.table); err != nil {
		return 0, fmt.Errorf("migrate: %w", err)
	}
	var cur int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&cur); err != nil {
		return 0, fmt.Errorf("migrate: read schema version: %w", err)
	}
	return cur, nil
}

// busyHint tells the user what a lock timeout means.
func (r Runner) busyHint(err error) string {
	if r.Dialect == SQLite && isBusy(err) {
		return " (another leakwatch process held the database longer than " + r.BusyWait.String() + "; retry)"
	}
	return ""
}

// isBusy reports SQLITE_BUSY and its extended codes.
func isBusy(err error) bool {
	var c interface{ Code() int }
	return errors.As(err, &c) && c.Code()&0xff == 5
}
