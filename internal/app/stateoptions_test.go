package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/internal/config"
	"github.com/leakwatch/leakwatch/internal/state"
)

// TestStateOptions: the state block becomes state.Options; a dsn_file is read when the
// options are made, so a rotated file is what the next open uses.
func TestStateOptions(t *testing.T) {
	dir := t.TempDir()
	dsnFile := filepath.Join(dir, "dsn")
	if err := os.WriteFile(dsnFile, []byte("postgres://lw:first@db/lw\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	parse := func(yaml string) *config.Config {
		t.Helper()
		cfg, err := config.Parse([]byte(yaml), func(string) (string, bool) { return "", false })
		if err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	cases := []struct {
		name string
		cfg  *config.Config
		want state.Options
	}{
		{"default sqlite", parse("data_dir: " + dir + "\n"), state.Options{Driver: state.DriverSQLite, DataDir: dir}},
		{"postgres dsn", parse("data_dir: " + dir + "\nstate: {driver: postgres, dsn: 'postgres://lw:inline@db/lw'}\n"),
			state.Options{Driver: state.DriverPostgres, DataDir: dir, DSN: "postgres://lw:inline@db/lw"}},
		{"postgres dsn_file", parse("data_dir: " + dir + "\nstate: {driver: postgres, dsn_file: " + dsnFile + "}\n"),
			state.Options{Driver: state.DriverPostgres, DataDir: dir, DSN: "postgres://lw:first@db/lw"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := StateOptions(tc.cfg)
			if err != nil || got != tc.want {
				t.Fatalf("StateOptions = %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}

	cfg := cases[2].cfg
	if err := os.WriteFile(dsnFile, []byte("postgres://lw:rotated@db/lw\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, err := StateOptions(cfg); err != nil || got.DSN != "postgres://lw:rotated@db/lw" {
		t.Fatalf("after rotation: %+v, %v", got, err)
	}
	if err := os.Remove(dsnFile); err != nil {
		t.Fatal(err)
	}
	if _, err := StateOptions(cfg); err == nil || !strings.Contains(err.Error(), "state.dsn_file") {
		t.Fatalf("missing dsn_file: %v", err)
	}
}
