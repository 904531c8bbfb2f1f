package state

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/leakwatch/leakwatch/internal/state/pgtest"
)

// opener opens a new, empty store of one backend for a test (closed when the test ends).
type opener func(testing.TB) *DB

// backends are the engines the store's tests run on.
var backends = []struct {
	name string
	open opener
}{
	{"sqlite", func(tb testing.TB) *DB { return openT(tb) }},
	{"postgres", openPG},
}

// forEachBackend runs fn as a subtest per backend, with that backend's opener. The
// PostgreSQL subtest skips without a server (and fails under CI, see pgtest).
func forEachBackend(t *testing.T, fn func(t *testing.T, open opener)) {
	t.Helper()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) { fn(t, b.open) })
	}
}

// openPG opens a store on a new database of the test PostgreSQL server.
func openPG(tb testing.TB) *DB {
	tb.Helper()
	// A template with the schema applied once: a copy is faster than migrating each time.
	dsn := pgtest.DSNFrom(tb, fmt.Sprintf("state-%d", len(pgMigrations)), func(dsn string) error {
		s, err := OpenPostgres(context.Background(), dsn)
		if err != nil {
			return err
		}
		return s.Close()
	})
	s := openPGDSN(tb, dsn)
	pgDSNs.Store(s, dsn)
	return s
}

func openPGDSN(tb testing.TB, dsn string) *DB {
	tb.Helper()
	s, err := OpenPostgres(context.Background(), dsn)
	if err != nil {
		tb.Fatalf("OpenPostgres: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// pgDSNs remembers the DSN of each store openPG made, for reopen.
var pgDSNs sync.Map

// reopen opens a second handle on s's database (another replica, or another process's
// view of a SQLite file), closed when tb ends.
func reopen(tb testing.TB, s *DB) *DB {
	tb.Helper()
	if s.Path() != "" {
		return openDir(tb, filepath.Dir(s.Path()))
	}
	dsn, ok := pgDSNs.Load(s)
	if !ok {
		tb.Fatal("reopen: a store not made by openPG")
	}
	return openPGDSN(tb, dsn.(string))
}
