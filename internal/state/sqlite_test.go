package state

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestOpenSettings(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a dir?with#odd chars")
	s := openDir(t, dir)
	if runtime.GOOS != "windows" {
		if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
			t.Fatalf("data dir: %v %v", fi, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, DBFile)); err != nil {
		t.Fatalf("database file not where expected: %v", err)
	}
	// Every pooled connection carries the settings: check on several at once.
	ctx := context.Background()
	var conns []*sql.Conn
	for range 3 {
		c, err := s.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	for i, c := range conns {
		for pragma, want := range map[string]string{
			"journal_mode": "wal", "foreign_keys": "1", "synchronous": "2", "busy_timeout": "10000",
		} {
			var got string
			if err := c.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("conn %d: %s = %s, want %s", i, pragma, got, want)
			}
		}
		c.Close()
	}
}

func TestOpenTwiceIdempotent(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	for i := range 3 {
		s, err := OpenSQLite(ctx, dir)
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM schema_migrations`); n != SchemaVersion {
			t.Fatalf("open %d: %d migration rows, want %d", i, n, SchemaVersion)
		}
		if _, err := s.RecordPage(ctx, "loki", []Sighting{sight("loki", "l1", "a", t0)}, nil, two); err != nil {
			t.Fatal(err)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM incidents`); n != 1 {
			t.Fatalf("open %d: %d incidents", i, n)
		}
		s.Close()
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	dir := t.TempDir()
	s := openDir(t, dir)
	if _, err := s.db.Exec(`INSERT INTO schema_migrations (version, applied_ns) VALUES (?, 0)`, SchemaVersion+1); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err := OpenSQLite(context.Background(), dir)
	if err == nil || !strings.Contains(err.Error(), "newer than this leakwatch supports") {
		t.Fatalf("err = %v, want a refusal of the newer schema", err)
	}
}

// TestDurability writes every kind of state, closes, reopens and reads it all back.
func TestDurability(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		s := open(t)
		first := s
		opts := RecordOptions{Notifiers: []string{"slack"}, ReplyEvery: time.Minute, Now: t0}
		res, err := s.RecordPage(ctx, "files", []Sighting{sight("files", "l1", "a", t0), sight("files", "l2", "b", t0)}, []byte{0, 1, 2, 0xff}, opts)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Cover(ctx, "files", t0, t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		items, _ := s.DueAlerts(ctx, t0, 0)
		if err := s.AlertSent(ctx, items[0].ID, "ts-1", t0); err != nil {
			t.Fatal(err)
		}
		if err := s.AlertFailed(ctx, items[1].ID, "boom", t0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := s.Resolve(ctx, res.Opened[1], "dave", t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		before, _ := s.Incidents(ctx, "")
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}

		s = reopen(t, first)
		after, err := s.Incidents(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(before, after) || len(after) != 2 || after[1].ThreadRefs["slack"] != "ts-1" {
			t.Fatalf("incidents changed across reopen:\n%+v\n%+v", before, after)
		}
		if cp, _ := s.Checkpoint(ctx, "files"); string(cp) != "\x00\x01\x02\xff" {
			t.Fatalf("checkpoint = %q", cp)
		}
		if wm, ok, _ := s.Watermark(ctx, "files"); !ok || !wm.Equal(t0.Add(time.Hour)) {
			t.Fatalf("watermark = %v %v", wm, ok)
		}
		if cov, _ := s.Coverage(ctx, "files", t0, t0.Add(2*time.Hour)); len(cov) != 1 || !cov[0].To.Equal(t0.Add(time.Hour)) {
			t.Fatalf("coverage = %v", cov)
		}
		if items, _ := s.DueAlerts(ctx, t0.Add(time.Minute), 0); len(items) != 1 || items[0].Attempts != 1 {
			t.Fatalf("outbox after reopen: %+v", items)
		}
		// The sightings survived too: a rescan records nothing.
		if res, _ := s.RecordPage(ctx, "files", []Sighting{sight("files", "l1", "a", t0)}, nil, opts); res.NewSightings != 0 {
			t.Fatalf("rescan after reopen: %+v", res)
		}
	})
}
