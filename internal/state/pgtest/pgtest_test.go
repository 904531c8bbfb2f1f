package pgtest

import (
	"context"
	"database/sql"
	"testing"
)

// TestDSN: two databases of the server are separate, and usable.
func TestDSN(t *testing.T) {
	a, b := DSN(t), DSN(t)
	if a == b {
		t.Fatalf("the same database twice: %s", a)
	}
	ctx := context.Background()
	for i, dsn := range []string{a, b} {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.ExecContext(ctx, `CREATE TABLE t (x INT)`); err != nil {
			t.Fatalf("database %d: %v", i, err)
		}
	}
}
