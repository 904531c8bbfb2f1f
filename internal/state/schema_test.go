package state

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/internal/state/pgtest"
)

var updateSchema = flag.Bool("update-schema", false, "write the testdata/schema fixtures of versions that have none")

// TestSchemaFixtures applies each engine's migrations from an empty database, stopping at
// every version k, and compares the schema with testdata/schema/<engine>/<k>.txt; then it
// upgrades that database to the newest version and compares with the newest fixture. The
// fixtures were dumped by the migrations as they were written out in Go before they became
// SQL files, so a database at any earlier version upgrades to exactly the schema it did.
func TestSchemaFixtures(t *testing.T) {
	ctx := context.Background()
	t.Run("sqlite", func(t *testing.T) {
		for k := 1; k <= len(migrations); k++ {
			db, err := sql.Open("sqlite", dsn(filepath.Join(t.TempDir(), DBFile)))
			must(t, err)
			must(t, runMigrations(ctx, &sqlDB{DB: db}, migrations[:k]))
			checkSchema(t, "sqlite", k, dumpSQLite(t, db))
			must(t, runMigrations(ctx, &sqlDB{DB: db}, migrations))
			checkSchema(t, "sqlite", len(migrations), dumpSQLite(t, db))
			db.Close()
		}
	})
	t.Run("postgres", func(t *testing.T) {
		for k := 1; k <= len(pgMigrations); k++ {
			db, err := sql.Open("pgx", pgtest.DSN(t))
			must(t, err)
			d := &sqlDB{DB: db, pg: true}
			must(t, runMigrations(ctx, d, pgMigrations[:k]))
			checkSchema(t, "postgres", k, dumpPostgres(t, db))
			must(t, runMigrations(ctx, d, pgMigrations))
			checkSchema(t, "postgres", len(pgMigrations), dumpPostgres(t, db))
			db.Close()
		}
	})
}

// checkSchema compares got with the fixture of engine at version. With -update-schema it
// writes a fixture that is missing (a new migration's), never one that exists: a released
// version's schema does not change, so a difference there is an edited migration.
func checkSchema(t *testing.T, engine string, version int, got string) {
	t.Helper()
	path := filepath.Join("testdata", "schema", engine, fmt.Sprintf("%04d.txt", version))
	want, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && *updateSchema {
		must(t, os.MkdirAll(filepath.Dir(path), 0o755))
		must(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	must(t, err)
	if got != string(want) {
		t.Fatalf("%s schema at version %d differs from %s:\n%s", engine, version, path, lineDiff(string(want), got))
	}
}

// lineDiff lists the lines only one side has (enough to see what a migration changed).
func lineDiff(want, got string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	w, g := in(want), in(got)
	var b strings.Builder
	for _, l := range strings.Split(want, "\n") {
		if !g[l] {
			b.WriteString("- " + l + "\n")
		}
	}
	for _, l := range strings.Split(got, "\n") {
		if !w[l] {
			b.WriteString("+ " + l + "\n")
		}
	}
	if b.Len() == 0 {
		return "(same lines, in another order)"
	}
	return b.String()
}

// dumpSQLite is the schema as SQLite keeps it: every object's CREATE statement (which
// ALTER TABLE rewrites), the automatic indexes of keys, and the recorded versions.
func dumpSQLite(t *testing.T, db *sql.DB) string {
	t.Helper()
	var b strings.Builder
	rows, err := db.Query(`SELECT type, name, tbl_name, COALESCE(sql, '') FROM sqlite_master ORDER BY name`)
	must(t, err)
	for rows.Next() {
		var typ, name, table, text string
		must(t, rows.Scan(&typ, &name, &table, &text))
		fmt.Fprintf(&b, "%s %s on %s\n%s\n\n", typ, name, table, text)
	}
	must(t, rows.Err())
	rows.Close()
	b.WriteString(dumpVersions(t, db))
	return b.String()
}

// dumpPostgres is the schema as PostgreSQL's catalogue describes it: columns (type,
// nullability, default, identity), constraints, indexes and sequences, and the recorded
// versions.
func dumpPostgres(t *testing.T, db *sql.DB) string {
	t.Helper()
	var b strings.Builder
	dump := func(title, query string) {
		rows, err := db.Query(query)
		must(t, err)
		defer rows.Close()
		cols, err := rows.Columns()
		must(t, err)
		fmt.Fprintf(&b, "%s:\n", title)
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			must(t, rows.Scan(ptrs...))
			fields := make([]string, len(vals))
			for i, v := range vals {
				fields[i] = v.String
				if !v.Valid {
					fields[i] = "NULL"
				}
			}
			b.WriteString("\t" + strings.Join(fields, " | ") + "\n")
		}
		must(t, rows.Err())
		b.WriteString("\n")
	}
	dump("columns", `SELECT table_name, ordinal_position, column_name, data_type, is_nullable,
		column_default, is_identity, identity_generation
		FROM information_schema.columns WHERE table_schema = current_schema()
		ORDER BY table_name, ordinal_position`)
	dump("constraints", `SELECT c.conrelid::regclass::text, c.conname, c.contype, pg_get_constraintdef(c.oid)
		FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
		WHERE n.nspname = current_schema() ORDER BY 1, 2`)
	dump("indexes", `SELECT tablename, indexname, indexdef FROM pg_indexes
		WHERE schemaname = current_schema() ORDER BY 1, 2`)
	dump("sequences", `SELECT sequencename, data_type::text, start_value, increment_by, max_value
		FROM pg_sequences WHERE schemaname = current_schema() ORDER BY 1`)
	b.WriteString(dumpVersions(t, db))
	return b.String()
}

func dumpVersions(t *testing.T, db *sql.DB) string {
	t.Helper()
	rows, err := db.Query(`SELECT version FROM schema_migrations ORDER BY version`)
	must(t, err)
	defer rows.Close()
	var vs []string
	for rows.Next() {
		var v int
		must(t, rows.Scan(&v))
		vs = append(vs, fmt.Sprint(v))
	}
	must(t, rows.Err())
	return "versions: " + strings.Join(vs, " ") + "\n"
}

// TestEnginesHaveTheSameColumns: the newest schemas of the two engines have the same tables
// with the same columns (the store's SQL is shared and Copy moves rows by column name), but
// for PostgreSQL's fingerprint_key (SQLite keeps the key in a file beside the database).
func TestEnginesHaveTheSameColumns(t *testing.T) {
	columns := func(s *DB, query string) map[string][]string {
		rows, err := s.db.Query(query)
		must(t, err)
		defer rows.Close()
		out := map[string][]string{}
		for rows.Next() {
			var table, col string
			must(t, rows.Scan(&table, &col))
			out[table] = append(out[table], col)
		}
		must(t, rows.Err())
		return out
	}
	lite := columns(openT(t), `SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c
		WHERE m.type = 'table' ORDER BY m.name, c.name`)
	pg := columns(openPG(t), `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() ORDER BY table_name, column_name`)
	if len(pg["fingerprint_key"]) == 0 {
		t.Fatalf("PostgreSQL has no fingerprint_key table: %v", pg)
	}
	delete(pg, "fingerprint_key")
	if len(lite) < 10 || !reflect.DeepEqual(lite, pg) {
		t.Fatalf("the engines' schemas differ:\nsqlite   %v\npostgres %v", lite, pg)
	}
}
