package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/internal/state"
	"github.com/leakwatch/leakwatch/internal/state/pgtest"
)

// TestStateMigrate copies a SQLite data dir into PostgreSQL with `leakwatch state migrate`,
// runs it again (a no-op), and checks the refusals; the DSN's password never shows.
func TestStateMigrate(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src, err := state.OpenSQLite(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"a", "b", "c"} {
		h := sha256.Sum256([]byte(name))
		sg := state.Sighting{Source: "loki", LineID: name, RuleID: "github-pat", Severity: "high", Description: "GitHub token",
			Fingerprint: hex.EncodeToString(h[:]), Preview: "ghp_…" + name, EventTime: time.Unix(int64(i), 0)}
		if _, err := src.RecordPage(ctx, "loki", []state.Sighting{sg}, []byte("cp"), state.RecordOptions{Notifiers: []string{"slack"}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := src.Cover(ctx, "loki", time.Unix(0, 0), time.Unix(60, 0)); err != nil {
		t.Fatal(err)
	}
	src.Close()

	// The test server trusts loopback, so a password in the DSN is not checked: a fake one
	// shows whether it leaks into the output.
	const password = "fake-pw-9d1c"
	u, err := url.Parse(pgtest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword(u.User.Username(), password)
	dsnFile := filepath.Join(t.TempDir(), "dsn")
	if err := os.WriteFile(dsnFile, []byte(u.String()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{envStateDSN: u.String()}
	migrate := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := run(ctx, append([]string{"state", "migrate"}, args...), cli{stdout: &out, stderr: &errb, getenv: func(k string) string { return env[k] }})
		if strings.Contains(out.String()+errb.String(), password) {
			t.Fatalf("the DSN's password is in the output:\n%s%s", out.String(), errb.String())
		}
		return code, out.String(), errb.String()
	}

	tests := []struct {
		name     string
		args     []string
		code     int
		want     []string // in stdout, or stderr when code != 0
		wantRows map[string]string
	}{
		{"copy", []string{"--from", "sqlite:" + dir, "--to", "postgres:@" + dsnFile}, 0,
			[]string{"migrated sqlite:", "postgres:postgres://postgres:xxxxx@"}, map[string]string{"incidents": "3", "outbox": "3", "coverage": "1", "sources": "1"}},
		{"again, from the db file, dsn from the environment", []string{"--from", "sqlite:" + filepath.Join(dir, state.DBFile), "--to", "postgres:"}, 0,
			[]string{"already migrated", "nothing written"}, map[string]string{"incidents": "3"}},
		{"source missing", []string{"--from", "sqlite:" + filepath.Join(dir, "nope"), "--to", "postgres:"}, 2,
			[]string{"no leakwatch.db there"}, nil},
		{"source dir without state", []string{"--from", "sqlite:" + t.TempDir(), "--to", "postgres:@" + dsnFile}, 2,
			[]string{"no leakwatch.db there"}, nil},
		{"unknown store", []string{"--from", "mysql:x", "--to", "postgres:"}, 2, []string{`unknown store "mysql"`}, nil},
		{"no flags", nil, 2, []string{"usage: leakwatch state migrate"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := migrate(tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, errs)
			}
			text := out
			if code != 0 {
				text = errs
			}
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("output lacks %q:\n%s", w, text)
				}
			}
			for table, n := range tt.wantRows {
				if !containsRow(out, table, n) {
					t.Errorf("no row %s %s in:\n%s", table, n, out)
				}
			}
		})
	}

	// Another state into the migrated database is refused, naming what is there.
	other := t.TempDir()
	o, err := state.OpenSQLite(ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	if err := o.Cover(ctx, "es", time.Unix(0, 0), time.Unix(1, 0)); err != nil {
		t.Fatal(err)
	}
	o.Close()
	code, _, errs := migrate("--from", "sqlite:"+other, "--to", "postgres:@"+dsnFile)
	if code != 2 || !strings.Contains(errs, "not empty (incidents: 3 rows") {
		t.Fatalf("migrating another state into a migrated database: exit %d, %s", code, errs)
	}
}

func containsRow(out, table, n string) bool {
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == table && f[1] == n {
			return true
		}
	}
	return false
}

// TestStateLeases lists the leases of the store a config names (PostgreSQL) or of a data dir.
func TestStateLeases(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	pg, err := state.OpenPostgres(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	if _, _, err := pg.Acquire(ctx, "loki-prod", "pod-a", time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, _, err := pg.Acquire(ctx, "es", "pod-b", time.Millisecond); err != nil {
		t.Fatal(err)
	}
	dsnFile := filepath.Join(t.TempDir(), "dsn")
	if err := os.WriteFile(dsnFile, []byte(dsn), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(cfg, []byte("data_dir: "+t.TempDir()+"\nstate: {driver: postgres, dsn_file: "+dsnFile+"}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	sqliteDir := t.TempDir()
	lite, err := state.OpenSQLite(ctx, sqliteDir)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := lite.Acquire(ctx, "files", "host-1", time.Hour); err != nil {
		t.Fatal(err)
	}
	lite.Close()
	tests := []struct {
		name string
		args []string
		want [][]string // rows (fields) expected in the output
	}{
		{"postgres from the config", []string{"--config", cfg}, [][]string{{"es", "pod-b", "1", "expired"}, {"loki-prod", "pod-a", "1", "about 1h"}}},
		{"sqlite data dir", []string{"--data-dir", sqliteDir}, [][]string{{"files", "host-1", "1", "about 1h"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(ctx, append([]string{"state", "leases"}, tt.args...), cli{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }})
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errb.String())
			}
			lines := strings.Split(strings.TrimSpace(out.String()), "\n")
			if len(lines) != len(tt.want)+1 || !strings.HasPrefix(lines[0], "SOURCE") {
				t.Fatalf("output:\n%s", out.String())
			}
			for i, w := range tt.want {
				got := strings.Fields(lines[i+1])
				if len(got) == 4 && w[3] == "about 1h" {
					// Time passes between Acquire and the listing: within a minute of an hour.
					if d, err := time.ParseDuration(got[3]); err == nil && d > 59*time.Minute && d <= time.Hour {
						got[3] = w[3]
					}
				}
				if strings.Join(got, " ") != strings.Join(w, " ") {
					t.Errorf("row %d = %v, want %v", i, got, w)
				}
			}
		})
	}
}
