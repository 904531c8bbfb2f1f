package app

import (
	"fmt"

	"github.com/leakwatch/leakwatch/internal/config"
	"github.com/leakwatch/leakwatch/internal/state"
)

// StateOptions turns the config's state block and data_dir into the options state.Open
// takes. It lives here, on the side that assembles the process, because the state imports
// no config (and config must not import the state: it would pull the SQLite and PostgreSQL
// drivers into every package that reads a config). A dsn_file is read now, so a rotated
// file takes effect the next time the store is opened (a reload, another command).
func StateOptions(cfg *config.Config) (state.Options, error) {
	o := state.Options{Driver: state.Driver(cfg.State.Driver), DataDir: cfg.DataDir}
	if o.Driver == state.DriverPostgres {
		dsn, err := cfg.State.ResolvedDSN()
		if err != nil {
			return state.Options{}, fmt.Errorf("state: %w", err)
		}
		o.DSN = dsn
	}
	return o, nil
}
