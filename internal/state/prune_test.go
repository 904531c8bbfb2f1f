package state

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// TestPrune: sightings, delivered alerts and incident locations older than the retention go;
// recent sightings, undelivered alerts, each incident's latest location, incidents and
// coverage stay; the freed pages go back to the file system; a line read again after its
// sighting was pruned adds to its incident without opening a new one or alerting again.
func TestPrune(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		s := open(t)
		sqlite := s.Driver() == "sqlite"
		old, recent, now := t0, t0.Add(50*24*time.Hour), t0.Add(100*24*time.Hour)
		opts := func(at time.Time) RecordOptions { return RecordOptions{Notifiers: []string{"slack"}, Now: at} }
		var batch []Sighting
		for i := 0; i < 3000; i++ {
			batch = append(batch, sight("loki", fmt.Sprintf("old-%d", i), "a", old.Add(time.Duration(i)*time.Second)))
			if len(batch) == 500 {
				record(t, s, "loki", batch, opts(old))
				batch = nil
			}
		}
		record(t, s, "loki", []Sighting{sight("loki", "old-c", "c", old)}, opts(old))
		record(t, s, "loki", []Sighting{sight("loki", "new-a", "a", recent), sight("loki", "new-b", "b", recent)}, opts(recent))
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		items, err := s.DueAlerts(ctx, now, 100)
		must(err)
		for _, it := range items {
			if it.Kind == "new" && it.Sighting.LineID != "new-b" { // b's alert stays undelivered
				must(s.AlertSent(ctx, it.ID, "ts-1", it.CreatedAt))
			}
		}
		must(s.Cover(ctx, "loki", old.Add(-time.Hour), recent.Add(time.Hour)))
		incidents := count(t, s, `SELECT COUNT(*) FROM incidents`)

		r, err := s.Prune(ctx, now.Add(-90*24*time.Hour))
		must(err)
		tests := []struct {
			what      string
			got, want int64
		}{
			{"sightings pruned", r.Sightings, 3001},
			{"sightings kept", int64(count(t, s, `SELECT COUNT(*) FROM sightings`)), 2},
			{"delivered alerts pruned", r.Alerts, 2},
			{"undelivered alert kept", int64(count(t, s, `SELECT COUNT(*) FROM outbox WHERE sent_ns IS NULL`)), 1},
			{"locations left for a (its latest)", int64(count(t, s, `SELECT COUNT(*) FROM incident_locations l JOIN incidents i ON i.id = l.incident_id WHERE i.fingerprint = ?`, fp("a"))), 1},
			{"locations left for c (old, but its latest)", int64(count(t, s, `SELECT COUNT(*) FROM incident_locations l JOIN incidents i ON i.id = l.incident_id WHERE i.fingerprint = ?`, fp("c"))), 1},
			{"incidents kept", int64(count(t, s, `SELECT COUNT(*) FROM incidents`)), int64(incidents)},
			{"coverage kept", int64(count(t, s, `SELECT COUNT(*) FROM coverage`)), 1},
		}
		if sqlite {
			tests = append(tests, struct {
				what      string
				got, want int64
			}{"auto_vacuum incremental", int64(count(t, s, `PRAGMA auto_vacuum`)), 2})
		}
		for _, tc := range tests {
			if tc.got != tc.want {
				t.Errorf("%s: %d, want %d", tc.what, tc.got, tc.want)
			}
		}
		switch {
		case sqlite && r.SizeAfter >= r.SizeBefore:
			t.Errorf("database %d bytes after the prune, %d before: the freed pages were not returned", r.SizeAfter, r.SizeBefore)
		case !sqlite && (r.SizeBefore <= 0 || r.SizeAfter <= 0):
			// PostgreSQL keeps freed space for reuse; the size is reported, not expected to shrink.
			t.Errorf("database size %d before, %d after: want pg_database_size", r.SizeBefore, r.SizeAfter)
		}
		again := record(t, s, "loki", []Sighting{sight("loki", "old-7", "a", old)}, opts(now))
		if again.NewSightings != 1 || len(again.Opened)+len(again.Reopened) != 0 || again.Enqueued != 0 {
			t.Errorf("a pruned line read again: %+v, want a new sighting of the known incident and no alert", again)
		}
		// Nothing left to prune: a second prune removes nothing.
		r2, err := s.Prune(ctx, now.Add(-90*24*time.Hour))
		must(err)
		if r2.Sightings+r2.Alerts+r2.Locations != 0 || r2.Vacuumed {
			t.Errorf("second prune: %+v, want nothing", r2)
		}
	})
}

// TestPruneConvertsOldDatabase: a database made without auto-vacuum (an older leakwatch) is
// converted by its first prune.
func TestPruneConvertsOldDatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openDir(t, dir)
	if _, err := s.db.Exec(`PRAGMA auto_vacuum = NONE`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec(`VACUUM`); err != nil {
		t.Fatal(err)
	}
	if got := count(t, s, `PRAGMA auto_vacuum`); got != 0 {
		t.Fatalf("auto_vacuum %d after turning it off, want 0", got)
	}
	r, err := s.Prune(ctx, t0)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Vacuumed || count(t, s, `PRAGMA auto_vacuum`) != 2 {
		t.Errorf("after the first prune: vacuumed %v, auto_vacuum %d, want true and 2", r.Vacuumed, count(t, s, `PRAGMA auto_vacuum`))
	}
}
