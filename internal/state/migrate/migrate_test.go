package migrate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	_ "modernc.org/sqlite"

	"github.com/leakwatch/leakwatch/internal/state/pgtest"
)

// dialects are the engines the runner's tests run on; PostgreSQL's skip without a server.
var dialects = []struct {
	name string
	d    Dialect
	open func(t *testing.T) *sql.DB
}{
	{"sqlite", SQLite, func(t *testing.T) *sql.DB {
		path := (&url.URL{Path: filepath.Join(t.TempDir(), "m.db")}).EscapedPath()
		return openDB(t, "sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_txlock=immediate")
	}},
	{"postgres", Postgres, func(t *testing.T) *sql.DB { return openDB(t, "pgx", pgtest.DSN(t)) }},
}

func openDB(t *testing.T, driver, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func forEachDialect(t *testing.T, fn func(t *testing.T, r Runner, db *sql.DB)) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			fn(t, Runner{Dialect: d.d, LockKey: 42, BusyWait: 10 * time.Second}, d.open(t))
		})
	}
}

func sqlSteps(stmts ...string) []Step {
	var out []Step
	for i, s := range stmts {
		out = append(out, Step{Version: i + 1, Name: "step", SQL: s})
	}
	return out
}

func scalar(t *testing.T, db *sql.DB, query string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func tableExists(t *testing.T, db *sql.DB, d Dialect, name string) bool {
	t.Helper()
	q := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '` + name + `'`
	if d == Postgres {
		q = `SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = '` + name + `'`
	}
	return scalar(t, db, q) == 1
}

// TestFailedStepRollsBack runs a list whose second step fails halfway: the first step stays
// applied, nothing of the second remains, and a fixed list then applies it, once.
func TestFailedStepRollsBack(t *testing.T) {
	forEachDialect(t, func(t *testing.T, r Runner, db *sql.DB) {
		ctx := context.Background()
		good := sqlSteps(
			`CREATE TABLE a (x INTEGER)`,
			`CREATE TABLE b (x INTEGER); INSERT INTO b VALUES (1)`,
		)
		bad := sqlSteps(good[0].SQL, `CREATE TABLE b (x INTEGER); INSERT INTO nosuchtable VALUES (1)`)
		r.Steps = bad
		if err := r.Up(ctx, db); err == nil || !strings.Contains(err.Error(), "schema version 2") {
			t.Fatalf("err = %v", err)
		}
		if v := scalar(t, db, `SELECT MAX(version) FROM schema_migrations`); v != 1 || tableExists(t, db, r.Dialect, "b") {
			t.Fatalf("after failed step: version %d, table b present %v", v, tableExists(t, db, r.Dialect, "b"))
		}
		r.Steps = good
		for range 2 { // applied once
			if err := r.Up(ctx, db); err != nil {
				t.Fatal(err)
			}
		}
		if v, rows := scalar(t, db, `SELECT MAX(version) FROM schema_migrations`), scalar(t, db, `SELECT COUNT(*) FROM b`); v != 2 || rows != 1 {
			t.Fatalf("version %d, rows in b %d", v, rows)
		}
	})
}

// TestUpgradeFromEachVersion: a database left at any version by a shorter list reaches the
// last one, each step having run once, its data kept.
func TestUpgradeFromEachVersion(t *testing.T) {
	steps := sqlSteps(
		`CREATE TABLE t (x INTEGER)`,
		`INSERT INTO t VALUES (1)`,
		`ALTER TABLE t ADD COLUMN y INTEGER NOT NULL DEFAULT 7`,
		`UPDATE t SET x = x + 10`,
	)
	for k := range len(steps) + 1 {
		t.Run(fmt.Sprint("from version ", k), func(t *testing.T) {
			forEachDialect(t, func(t *testing.T, r Runner, db *sql.DB) {
				ctx := context.Background()
				r.Steps = steps[:k]
				if err := r.Up(ctx, db); err != nil {
					t.Fatalf("to version %d: %v", k, err)
				}
				r.Steps = steps
				if err := r.Up(ctx, db); err != nil {
					t.Fatalf("from version %d: %v", k, err)
				}
				if n := scalar(t, db, `SELECT COUNT(*) FROM schema_migrations`); n != len(steps) {
					t.Fatalf("from version %d: %d versions recorded", k, n)
				}
				if x, y := scalar(t, db, `SELECT x FROM t`), scalar(t, db, `SELECT y FROM t`); x != 11 || y != 7 {
					t.Fatalf("from version %d: x=%d y=%d, want 11 and 7", k, x, y)
				}
			})
		})
	}
}

// TestRefusesNewerDatabase: a database a longer list wrote is refused, untouched.
func TestRefusesNewerDatabase(t *testing.T) {
	forEachDialect(t, func(t *testing.T, r Runner, db *sql.DB) {
		ctx := context.Background()
		r.Steps = sqlSteps(`CREATE TABLE a (x INTEGER)`, `CREATE TABLE b (x INTEGER)`)
		if err := r.Up(ctx, db); err != nil {
			t.Fatal(err)
		}
		r.Steps = r.Steps[:1]
		err := r.Up(ctx, db)
		if err == nil || !strings.Contains(err.Error(), "schema version 2 is newer than this leakwatch supports (1)") {
			t.Fatalf("err = %v", err)
		}
	})
}

// TestGoStep: a step written in Go runs in its version's place, inside the step's
// transaction: its writes and the version commit together, or neither does.
func TestGoStep(t *testing.T) {
	forEachDialect(t, func(t *testing.T, r Runner, db *sql.DB) {
		ctx := context.Background()
		fail := errors.New("transform failed")
		transform := func(failing bool) Step {
			return Step{Version: 2, Name: "double", Go: func(ctx context.Context, tx *sql.Tx) error {
				if _, err := tx.ExecContext(ctx, `UPDATE t SET x = x * 2`); err != nil {
					return err
				}
				if failing {
					return fail
				}
				return nil
			}}
		}
		first := Step{Version: 1, Name: "t", SQL: `CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (21)`}
		r.Steps = []Step{first, transform(true)}
		if err := r.Up(ctx, db); !errors.Is(err, fail) || !strings.Contains(err.Error(), "schema version 2") {
			t.Fatalf("err = %v, want the step's error naming version 2", err)
		}
		if x, v := scalar(t, db, `SELECT x FROM t`), scalar(t, db, `SELECT MAX(version) FROM schema_migrations`); x != 21 || v != 1 {
			t.Fatalf("after the failed Go step: x=%d version %d, want 21 and 1", x, v)
		}
		r.Steps = []Step{first, transform(false)}
		if err := r.Up(ctx, db); err != nil {
			t.Fatal(err)
		}
		if x, v := scalar(t, db, `SELECT x FROM t`), scalar(t, db, `SELECT MAX(version) FROM schema_migrations`); x != 42 || v != 2 {
			t.Fatalf("x=%d version %d, want 42 and 2", x, v)
		}
	})
}

// TestConcurrentUp: processes opening a new database together apply each step once.
func TestConcurrentUp(t *testing.T) {
	forEachDialect(t, func(t *testing.T, r Runner, db *sql.DB) {
		// A step that fails when run twice (the table exists) proves it ran once.
		r.Steps = sqlSteps(`CREATE TABLE a (x INTEGER)`, `CREATE TABLE b (x INTEGER)`, `INSERT INTO a VALUES (1)`)
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Go(func() { errs[i] = r.Up(context.Background(), db) })
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		if n, rows := scalar(t, db, `SELECT COUNT(*) FROM schema_migrations`), scalar(t, db, `SELECT COUNT(*) FROM a`); n != 3 || rows != 1 {
			t.Fatalf("%d versions recorded, %d rows in a; want 3 and 1", n, rows)
		}
	})
}

func TestLoad(t *testing.T) {
	goStep := func(v int) Step {
		return Step{Version: v, Name: "transform", Go: func(context.Context, *sql.Tx) error { return nil }}
	}
	tests := []struct {
		name    string
		files   map[string]string
		code    []Step
		want    []string // names in order
		wantErr string
	}{
		{"in order", map[string]string{"0002_b.sql": "B", "0001_a.sql": "A", "0003_c.sql": "C"}, nil,
			[]string{"0001_a.sql", "0002_b.sql", "0003_c.sql"}, ""},
		{"a Go step in its place", map[string]string{"0001_a.sql": "A", "0003_c.sql": "C"}, []Step{goStep(2)},
			[]string{"0001_a.sql", "transform", "0003_c.sql"}, ""},
		{"gap", map[string]string{"0001_a.sql": "A", "0003_c.sql": "C"}, nil, nil, "has version 3, want 2"},
		{"not from 1", map[string]string{"0002_b.sql": "B"}, nil, nil, "has version 2, want 1"},
		{"duplicate", map[string]string{"0001_a.sql": "A", "0001_b.sql": "B"}, nil, nil, "two steps of version 1"},
		{"Go step on a file's version", map[string]string{"0001_a.sql": "A"}, []Step{goStep(1)}, nil, "two steps of version 1"},
		{"Go step with SQL", map[string]string{"0001_a.sql": "A"}, []Step{{Version: 2, SQL: "X"}}, nil, "must have a function"},
		{"misnamed", map[string]string{"0001_a.sql": "A", "2_b.sql": "B"}, nil, nil, "2_b.sql: not a step"},
		{"not sql", map[string]string{"0001_a.sql": "A", "0002_b.txt": "B"}, nil, nil, "0002_b.txt: not a step"},
		{"empty", map[string]string{"0001_a.sql": " \n"}, nil, nil, "0001_a.sql is empty"},
		{"no dir", nil, nil, nil, "file does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, text := range tt.files {
				fsys["m/"+name] = &fstest.MapFile{Data: []byte(text)}
			}
			steps, err := Load(fsys, "m", tt.code...)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for i, s := range steps {
				if s.Version != i+1 {
					t.Errorf("step %d has version %d", i, s.Version)
				}
				if s.Go == nil && s.SQL != tt.files[s.Name] {
					t.Errorf("step %s: SQL %q", s.Name, s.SQL)
				}
				names = append(names, s.Name)
			}
			if strings.Join(names, " ") != strings.Join(tt.want, " ") {
				t.Fatalf("steps %v, want %v", names, tt.want)
			}
		})
	}
}

// TestUpChecksItsInput: a runner without a dialect, or with steps out of order, touches
// nothing.
func TestUpChecksItsInput(t *testing.T) {
	db := dialects[0].open(t)
	for _, r := range []Runner{
		{Steps: sqlSteps(`CREATE TABLE a (x INTEGER)`)},
		{Dialect: SQLite, Steps: []Step{{Version: 2, Name: "b", SQL: `CREATE TABLE b (x INTEGER)`}}},
	} {
		if err := r.Up(context.Background(), db); err == nil {
			t.Fatalf("%+v: no error", r)
		}
	}
	if n := scalar(t, db, `SELECT COUNT(*) FROM sqlite_master`); n != 0 {
		t.Fatalf("%d objects made", n)
	}
}

// TestBusyRetry: on SQLite, a step whose BEGIN finds the database locked by another process
// is tried again after a wait, while less than BusyWait has passed; then, or when ctx ends
// during a wait, Up returns the busy error with its hint.
func TestBusyRetry(t *testing.T) {
	open := func(t *testing.T) (runner, holder *sql.DB) {
		path := (&url.URL{Path: filepath.Join(t.TempDir(), "m.db")}).EscapedPath()
		// No busy timeout: BEGIN fails with SQLITE_BUSY at once, as it does while another
		// process switches a new file to WAL.
		runner = openDB(t, "sqlite", "file:"+path+"?_pragma=busy_timeout(0)&_txlock=immediate")
		holder = openDB(t, "sqlite", "file:"+path+"?_txlock=immediate")
		return runner, holder
	}
	hold := func(t *testing.T, db *sql.DB) *sql.Tx {
		tx, err := db.Begin() // BEGIN IMMEDIATE: the write lock
		if err != nil {
			t.Fatal(err)
		}
		return tx
	}
	steps := sqlSteps(`CREATE TABLE t (x INTEGER)`, `INSERT INTO t VALUES (1)`)

	t.Run("released during a wait", func(t *testing.T) {
		db, other := open(t)
		tx := hold(t, other)
		var waits []time.Duration
		r := Runner{Dialect: SQLite, Steps: steps, BusyWait: 10 * time.Second,
			sleep: func(_ context.Context, d time.Duration) error {
				waits = append(waits, d)
				if len(waits) == 2 {
					return tx.Rollback() // the other process is done
				}
				return nil
			}}
		if err := r.Up(context.Background(), db); err != nil {
			t.Fatalf("Up after the lock was released: %v", err)
		}
		if len(waits) != 2 {
			t.Errorf("%d waits, want 2 (the lock went at the second)", len(waits))
		}
		for i, d := range waits {
			if ceil := 10 * time.Millisecond << i; d <= ceil/2 || d > ceil {
				t.Errorf("wait %d: %v, want in (%v, %v]", i+1, d, ceil/2, ceil)
			}
		}
		if got := scalar(t, db, `SELECT COUNT(*) FROM schema_migrations`); got != 2 {
			t.Errorf("%d versions recorded, want 2", got)
		}
	})

	t.Run("held past BusyWait", func(t *testing.T) {
		db, other := open(t)
		tx := hold(t, other)
		defer tx.Rollback()
		r := Runner{Dialect: SQLite, Steps: steps, BusyWait: 50 * time.Millisecond}
		err := r.Up(context.Background(), db)
		if err == nil || !isBusy(err) || !strings.Contains(err.Error(), "held the database longer than 50ms; retry") ||
			strings.Contains(err.Error(), "gave up after") {
			t.Fatalf("Up with the lock held: %v; want the busy error with its hint, as it was", err)
		}
	})

	t.Run("ctx ends during a wait", func(t *testing.T) {
		db, other := open(t)
		tx := hold(t, other)
		defer tx.Rollback()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		r := Runner{Dialect: SQLite, Steps: steps, BusyWait: 10 * time.Second,
			sleep: func(ctx context.Context, _ time.Duration) error { cancel(); return ctx.Err() }}
		if err := r.Up(ctx, db); err == nil || !isBusy(err) {
			t.Fatalf("Up canceled while busy: %v; want the busy error", err)
		}
	})
}
