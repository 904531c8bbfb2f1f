package state

import (
	"context"
	"errors"
	"fmt"
)

// Driver is the database engine of a store.
type Driver string

// Drivers, as the config's state.driver names them.
const (
	DriverSQLite   Driver = "sqlite"   // one file in the data dir, one replica (the default)
	DriverPostgres Driver = "postgres" // a database shared by several replicas
)

// Options say which store to open. The caller fills them in (from the config's state block
// and data_dir), so the state depends on no config package: the DSN comes resolved (a
// dsn_file already read), and nothing here knows a YAML key beyond naming it in errors.
type Options struct {
	// Driver is DriverSQLite (also when empty) or DriverPostgres.
	Driver Driver
	// DataDir is where the SQLite database lives (created 0700 when missing).
	DataDir string
	// DSN is the PostgreSQL connection string (a URL or key=value pairs). It may hold a
	// password: it is never logged or quoted in an error.
	DSN string
}

// Open opens the store o names: SQLite in o.DataDir (OpenSQLite) or PostgreSQL at o.DSN
// (OpenPostgres), applying pending migrations.
func Open(ctx context.Context, o Options) (*DB, error) {
	switch o.Driver {
	case "", DriverSQLite:
		if o.DataDir == "" {
			return nil, errors.New("state: sqlite: no data dir given (set data_dir)")
		}
		return OpenSQLite(ctx, o.DataDir)
	case DriverPostgres:
		if o.DSN == "" {
			return nil, errors.New("state.dsn: required with state.driver: postgres (or state.dsn_file)")
		}
		return OpenPostgres(ctx, o.DSN)
	}
	return nil, fmt.Errorf("state.driver: %q: must be sqlite or postgres", o.Driver)
}
