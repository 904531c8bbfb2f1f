package state

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// fillState writes every kind of state into s.
func fillState(t *testing.T, s *DB) {
	t.Helper()
	ctx := context.Background()
	opts := RecordOptions{Notifiers: []string{"slack", "webhook"}, ReplyEvery: time.Minute, Now: t0}
	for i := range 5 {
		sg := []Sighting{sight("loki", fmt.Sprint("l", i), fmt.Sprint("s", i%3), at(i))}
		_, err := s.RecordPage(ctx, "loki", sg, []byte(fmt.Sprint("cp", i)), opts)
		must(t, err)
	}
	v := sight("es", "d1", "live", at(7))
	v.Verified, v.VerifyReason = "live", "the issuer said so"
	_, err := s.RecordPage(ctx, "es", []Sighting{v}, nil, opts)
	must(t, err)
	items, err := s.DueAlerts(ctx, t0, 0)
	must(t, err)
	must(t, s.AlertSending(ctx, items[0].ID, t0))
	must(t, s.AlertSent(ctx, items[0].ID, "ts-1", t0))
	must(t, s.AlertFailed(ctx, items[1].ID, "429 too many requests", t0.Add(time.Minute)))
	must(t, s.AlertSending(ctx, items[2].ID, t0)) // in flight
	must(t, s.ResolveNotify(ctx, items[0].IncidentID, "alice", t0.Add(time.Hour), []string{"alertmanager"}))
	must(t, s.CoverScanned(ctx, "loki", at(0), at(10), 100, 1000))
	must(t, s.Cover(ctx, "loki", at(20), at(30)))
	run, err := s.CreateBackfillRun(ctx, BackfillRun{Source: "loki", Kind: RunGaps, From: at(10), To: at(20), Chunk: 5 * time.Minute, Created: t0},
		[]Interval{{at(10), at(15)}, {at(15), at(20)}})
	must(t, err)
	must(t, s.CompleteChunk(ctx, run.ID, "loki", at(10), at(15), ChunkResult{Lines: 5, Bytes: 50, Hits: 1}))
	must(t, s.FailChunk(ctx, run.ID, at(15), "loki: 502"))
	must(t, s.AddVolumePieces(ctx, "loki", []VolumePiece{{Bucket: Interval{at(0), at(60)}, From: at(0), To: at(60), Count: 42}}, t0))
	must(t, s.VolumeVerified(ctx, "loki", at(0), 45, 3, t0.Add(time.Hour)))
	pid, err := s.AddPurge(ctx, Purge{IncidentID: items[0].IncidentID, Source: "loki", Kind: "loki", Request: "delete {app=\"x\"}", Status: PurgeRequested, RequestedAt: t0})
	must(t, err)
	must(t, s.UpdatePurge(ctx, pid, "req-1", PurgeProcessed, "accepted", t0.Add(time.Minute)))
}

// view is what the commands and the daemon read of a store.
type view struct {
	Incidents []Incident
	Due       []OutboxItem
	Depth     int
	Coverage  map[string][]Interval
	Watermark map[string]time.Time
	Check     map[string]string
	Runs      []BackfillRun
	Chunks    []BackfillChunk
	Scanned   ScannedTotals
	Volumes   []VolumeBucket
	VolTotals VolumeTotals
	Lines     []SightingLine
	Purges    map[[2]string]int
}

func readView(t *testing.T, s *DB) view {
	t.Helper()
	ctx := context.Background()
	var v view
	var err error
	v.Incidents, err = s.Incidents(ctx, "")
	must(t, err)
	v.Due, err = s.DueAlerts(ctx, t0.Add(24*time.Hour), 0)
	must(t, err)
	v.Depth, err = s.OutboxDepth(ctx)
	must(t, err)
	v.Coverage, v.Watermark, v.Check = map[string][]Interval{}, map[string]time.Time{}, map[string]string{}
	for _, src := range []string{"loki", "es"} {
		v.Coverage[src], err = s.Coverage(ctx, src, at(-100), at(100))
		must(t, err)
		v.Watermark[src], _, err = s.Watermark(ctx, src)
		must(t, err)
		cp, err := s.Checkpoint(ctx, src)
		must(t, err)
		v.Check[src] = string(cp)
	}
	v.Runs, err = s.BackfillRuns(ctx, "")
	must(t, err)
	for _, r := range v.Runs {
		c, err := s.BackfillChunks(ctx, r.ID)
		must(t, err)
		v.Chunks = append(v.Chunks, c...)
	}
	v.Scanned, err = s.Scanned(ctx, "loki", at(-100), at(100))
	must(t, err)
	v.Volumes, err = s.VolumeBuckets(ctx, "loki", at(-100), at(100))
	must(t, err)
	v.VolTotals, err = s.Volumes(ctx, "loki", at(-100), at(100))
	must(t, err)
	for _, in := range v.Incidents {
		l, err := s.SightingLines(ctx, in.ID)
		must(t, err)
		v.Lines = append(v.Lines, l...)
	}
	v.Purges, err = s.PurgesByStatus(ctx)
	must(t, err)
	return v
}

// TestCopy: a SQLite state copied into an empty store of each backend reads back the same;
// new rows continue after the copied ids; copying again is a no-op; a target holding
// anything else is refused, naming what it holds.
func TestCopy(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		src := openT(t)
		fillState(t, src)
		want := readView(t, src)
		if len(want.Incidents) != 4 || len(want.Due) == 0 || len(want.Runs) != 1 || len(want.Volumes) != 1 || want.VolTotals.InScope != 45 || want.VolTotals.Late != 3 || len(want.Lines) == 0 {
			t.Fatalf("the source holds too little to test with: %+v", want)
		}
		srcKey, err := src.FingerprintKey(ctx, filepath.Dir(src.Path()))
		must(t, err)
		dst := open(t)
		res, err := Copy(ctx, src, dst)
		must(t, err)
		// The fingerprint key moves with the state: the same secrets keep their fingerprints.
		dstKey, err := dst.FingerprintKey(ctx, filepath.Dir(dst.Path()))
		must(t, err)
		if !bytes.Equal(dstKey, srcKey) {
			t.Fatal("the copy's fingerprint key differs from the source's: every known secret would alert again")
		}
		if res.AlreadyMigrated || len(res.Digest) != 64 || len(res.Tables) != len(copyTables) {
			t.Fatalf("copy result: %+v", res)
		}
		rows := map[string]int64{}
		for _, c := range res.Tables {
			rows[c.Table] = c.Rows
		}
		if rows["incidents"] != 4 || rows["outbox"] != int64(count(t, src, `SELECT COUNT(*) FROM outbox`)) || rows["backfill_chunks"] != 2 {
			t.Fatalf("copied rows: %v", rows)
		}
		if got := readView(t, dst); !reflect.DeepEqual(got, want) {
			t.Fatalf("copy differs from its source:\n got %+v\nwant %+v", got, want)
		}
		// New rows take ids after the copied ones.
		var maxID int64
		for _, in := range want.Incidents {
			maxID = max(maxID, in.ID)
		}
		r, err := dst.RecordPage(ctx, "loki", []Sighting{sight("loki", "new", "new", at(50))}, nil, RecordOptions{Notifiers: []string{"slack"}, Now: t0})
		must(t, err)
		if len(r.Opened) != 1 || r.Opened[0] != maxID+1 {
			t.Fatalf("new incident id %v, want %d", r.Opened, maxID+1)
		}

		// Idempotent: the same source again is a no-op, even though the target has moved on.
		again, err := Copy(ctx, src, dst)
		must(t, err)
		if !again.AlreadyMigrated || again.Digest != res.Digest {
			t.Fatalf("second copy: %+v", again)
		}
		// A changed source is refused: the target holds a copy of a different state.
		_, err = src.RecordPage(ctx, "loki", []Sighting{sight("loki", "late", "late", at(60))}, nil, RecordOptions{Now: t0})
		must(t, err)
		if _, err := Copy(ctx, src, dst); err == nil || !strings.Contains(err.Error(), "different state") || !strings.Contains(err.Error(), "incidents: 5 rows") {
			t.Fatalf("copy of a changed source: %v", err)
		}

		// A target with state of its own is refused, naming it, and left as it was.
		other := open(t)
		must(t, other.Cover(ctx, "es", at(0), at(1)))
		_, err = Copy(ctx, src, other)
		if err == nil || !strings.Contains(err.Error(), "not empty") || !strings.Contains(err.Error(), "coverage: 1 rows") || !strings.Contains(err.Error(), "sources: 1 rows") {
			t.Fatalf("copy into a non-empty target: %v", err)
		}
		if n := count(t, other, `SELECT COUNT(*) FROM incidents`); n != 0 {
			t.Fatalf("a refused copy wrote %d incidents", n)
		}
	})
}

// TestCopyRefusesAnotherKey: a target that made its own fingerprint key (a replica started on
// it before the migration) would fingerprint every known secret anew: the copy refuses it.
func TestCopyRefusesAnotherKey(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		src := openT(t)
		fillState(t, src)
		_, err := src.FingerprintKey(ctx, filepath.Dir(src.Path()))
		must(t, err)
		dst := open(t)
		_, err = dst.FingerprintKey(ctx, filepath.Dir(dst.Path()))
		must(t, err)
		if _, err := Copy(ctx, src, dst); err == nil || !strings.Contains(err.Error(), "another fingerprint key") {
			t.Fatalf("copy into a store with another key: %v", err)
		}
		if n := count(t, dst, `SELECT COUNT(*) FROM incidents`); n != 0 {
			t.Fatalf("a refused copy wrote %d incidents", n)
		}
	})
}
