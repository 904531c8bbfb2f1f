package state

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/leakwatch/leakwatch/internal/state/pgtest"
)

func TestRewrite(t *testing.T) {
	tests := []struct{ in, pg, sqlite string }{
		{`SELECT a FROM t WHERE x = ? AND y = ?`, `SELECT a FROM t WHERE x = $1 AND y = $2`, `SELECT a FROM t WHERE x = ? AND y = ?`},
		{`UPDATE t SET a = ?2 WHERE b = ?1 OR c = ?12`, `UPDATE t SET a = $2 WHERE b = $1 OR c = $12`, `UPDATE t SET a = ?2 WHERE b = ?1 OR c = ?12`},
		{`SET f = LEAST(f, ?1), l = GREATEST(l, ?1)`, `SET f = LEAST(f, $1), l = GREATEST(l, $1)`, `SET f = MIN(f, ?1), l = MAX(l, ?1)`},
		// Quoted text, quoted names and comments are left alone.
		{`SELECT '?', 'it''s ?', "LEAST(" FROM t -- LEAST(?)
WHERE a = ?`, `SELECT '?', 'it''s ?', "LEAST(" FROM t -- LEAST(?)
WHERE a = $1`, `SELECT '?', 'it''s ?', "LEAST(" FROM t -- LEAST(?)
WHERE a = ?`},
		// Only whole words: a column named xLEAST( is not a function call to rename.
		{`SELECT myLEAST(1), MIN(x) FROM t`, `SELECT myLEAST(1), MIN(x) FROM t`, `SELECT myLEAST(1), MIN(x) FROM t`},
	}
	for _, tt := range tests {
		if got := rewrite(tt.in, true); got != tt.pg {
			t.Errorf("postgres: rewrite(%q) = %q, want %q", tt.in, got, tt.pg)
		}
		if got := rewrite(tt.in, false); got != tt.sqlite {
			t.Errorf("sqlite: rewrite(%q) = %q, want %q", tt.in, got, tt.sqlite)
		}
	}
}

func TestRedactDSN(t *testing.T) {
	tests := []struct{ in, want string }{
		{"postgres://lw:s3cret@db:5432/leakwatch?sslmode=require", "postgres://lw:xxxxx@db:5432/leakwatch?sslmode=require"},
		{"postgres://db/leakwatch?user=lw&password=s3cret", "postgres://db/leakwatch?password=xxxxx&user=lw"},
		{"host=db user=lw password=s3cret dbname=leakwatch", "host=db user=lw password=xxxxx dbname=leakwatch"},
		{"postgres://lw@db/leakwatch", "postgres://lw@db/leakwatch"},
		{"postgres://db/leakwatch?sslpassword=s3cret", "postgres://db/leakwatch?sslpassword=xxxxx"},
		// Fails closed: what it cannot take apart is not shown at all.
		{"postgres://lw:s3cret@db:5432 /leakwatch", dsnHidden},
		{"postgres://lw:s3%cret@db/leakwatch", dsnHidden},
		{"host=db user=lw password='s3cret and more' dbname=x", dsnHidden},
		{"host=db user=lw s3cret dbname=x", dsnHidden},
	}
	for _, tt := range tests {
		got := RedactDSN(tt.in)
		if got != tt.want || strings.Contains(got, "s3cret") {
			t.Errorf("RedactDSN(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// A connection error does not carry the password either.
	_, err := OpenPostgres(context.Background(), "postgres://lw:s3cret@127.0.0.1:1/x?connect_timeout=1")
	if err == nil || strings.Contains(err.Error(), "s3cret") || !strings.Contains(err.Error(), "check state.dsn") {
		t.Fatalf("open of an unreachable server: %v", err)
	}
}

// TestPostgresMigrateConcurrently: replicas starting together on a new database apply each
// migration once (the migration lock), and all open.
func TestPostgresMigrateConcurrently(t *testing.T) {
	dsn := pgtest.DSN(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			s, err := OpenPostgres(ctx, dsn)
			if err == nil {
				err = s.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	s := openPGDSN(t, dsn)
	if n := count(t, s, `SELECT COUNT(*) FROM schema_migrations`); n != len(pgMigrations) {
		t.Fatalf("%d migration rows, want %d", n, len(pgMigrations))
	}
	// A database of a newer leakwatch is refused, as on SQLite.
	if _, err := s.db.Exec(`INSERT INTO schema_migrations (version, applied_ns) VALUES (?, 0)`, len(pgMigrations)+1); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenPostgres(ctx, dsn); err == nil || !strings.Contains(err.Error(), "newer than this leakwatch supports") {
		t.Fatalf("open of a newer schema: %v", err)
	}
}

// TestOpen opens the store the options name.
func TestOpen(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Options{DataDir: t.TempDir()})
	if err != nil || s.Driver() != "sqlite" || s.Path() == "" {
		t.Fatalf("default: %v %v", s, err)
	}
	s.Close()
	dsn := pgtest.DSN(t)
	s, err = Open(ctx, Options{Driver: DriverPostgres, DSN: dsn, DataDir: t.TempDir()})
	if err != nil || s.Driver() != "postgres" || s.Path() != "" {
		t.Fatalf("postgres: %v %v", s, err)
	}
	s.Close()
	if _, err := Open(ctx, Options{Driver: "mysql", DataDir: t.TempDir()}); err == nil || !strings.Contains(err.Error(), "state.driver") {
		t.Fatalf("unknown driver: %v", err)
	}
}
