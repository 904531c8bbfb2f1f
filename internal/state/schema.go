package state

import (
	"context"
	"embed"

	"github.com/leakwatch/leakwatch/internal/state/migrate"
)

// The schema's steps are the SQL files in migrations/<engine>/, one a version, applied in
// order by migrate (each once, in its own transaction, the version recorded in
// schema_migrations). Never edit a released file: add the next one for each engine, in its
// spelling, and run this package's tests with -update-schema once to write the new
// versions' schema fixtures (testdata/schema; TestSchemaFixtures compares every version's).
// PostgreSQL's steps describe the same tables and columns as SQLite's, so the same SQL
// serves both and Copy moves rows by column name; its list is its own because PostgreSQL
// started at SQLite's version 7. No step needs Go today; one that does (a data transform
// SQL cannot express) is passed to migrate.Load beside the files, marked as such.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFiles embed.FS

var (
	migrations   = mustLoad("migrations/sqlite")   // SQLite's steps
	pgMigrations = mustLoad("migrations/postgres") // PostgreSQL's steps
)

// SchemaVersion is the SQLite schema version this binary writes.
var SchemaVersion = len(migrations)

// mustLoad loads the embedded steps of one engine. They are part of the binary, so a
// misnamed file is a build mistake every test of the package reports.
func mustLoad(dir string) []migrate.Step {
	steps, err := migrate.Load(migrationFiles, dir)
	if err != nil {
		panic(err)
	}
	return steps
}

// Advisory lock key held by each migration step on PostgreSQL. It never changes: replicas
// of different releases starting together must take the same one.
const migrateLockKey = 0x6c6b7774_00000002 // "lkwt", 2

// runMigrations applies the pending steps of list to db, on its engine (list is an engine's
// whole list, or a prefix of it in tests that make an older database).
func runMigrations(ctx context.Context, db *sqlDB, list []migrate.Step) error {
	r := migrate.Runner{Dialect: migrate.SQLite, Steps: list, LockKey: migrateLockKey, BusyWait: BusyTimeout}
	if db.pg {
		r.Dialect = migrate.Postgres
	}
	return r.Up(ctx, db.DB)
}
