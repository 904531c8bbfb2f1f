package state

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func toIvs(in []iv) []Interval {
	var out []Interval
	for _, x := range in {
		out = append(out, Interval{From: at(x[0]), To: at(x[1])})
	}
	return out
}

func TestGaps(t *testing.T) {
	tests := []struct {
		name     string
		covered  []iv
		from, to int
		want     []iv
	}{
		{"nothing covered", nil, 0, 60, []iv{{0, 60}}},
		{"fully covered", []iv{{0, 60}}, 0, 60, nil},
		{"covered beyond both ends", []iv{{-10, 70}}, 0, 60, nil},
		{"hole in the middle", []iv{{0, 20}, {30, 60}}, 0, 60, []iv{{20, 30}}},
		{"holes at both ends", []iv{{10, 50}}, 0, 60, []iv{{0, 10}, {50, 60}}},
		{"unsorted input", []iv{{30, 40}, {0, 10}}, 0, 60, []iv{{10, 30}, {40, 60}}},
		{"overlapping input", []iv{{0, 30}, {20, 40}}, 0, 60, []iv{{40, 60}}},
		{"intervals outside the range", []iv{{-30, -10}, {70, 80}}, 0, 60, []iv{{0, 60}}},
		{"adjacent intervals leave no gap", []iv{{0, 30}, {30, 60}}, 0, 60, nil},
		{"empty range", []iv{{0, 10}}, 30, 30, nil},
		{"reversed range", nil, 30, 10, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ivs(Gaps(toIvs(tt.covered), at(tt.from), at(tt.to)))
			if !slices.Equal(got, tt.want) {
				t.Fatalf("Gaps = %v, want %v", got, tt.want)
			}
			// Gaps and coverage partition the range.
			cov := 0 * time.Minute
			if tt.from < tt.to {
				c, _ := clipUnion(toIvs(tt.covered), at(tt.from), at(tt.to))
				cov = c
			}
			if tt.from < tt.to && Duration(Gaps(toIvs(tt.covered), at(tt.from), at(tt.to)))+cov != at(tt.to).Sub(at(tt.from)) {
				t.Fatalf("gaps + coverage != range")
			}
		})
	}
}

// clipUnion is the covered length inside [from, to), counted minute by minute (test oracle).
func clipUnion(is []Interval, from, to time.Time) (time.Duration, int) {
	var d time.Duration
	n := 0
	for m := from; m.Before(to); m = m.Add(time.Minute) {
		for _, i := range is {
			if !m.Before(i.From) && m.Before(i.To) {
				d += time.Minute
				n++
				break
			}
		}
	}
	return d, n
}

func chunksOf(from, to, step int) []Interval {
	var out []Interval
	for m := from; m < to; m += step {
		out = append(out, Interval{From: at(m), To: at(min(m+step, to))})
	}
	return out
}

func TestBackfillRunLifecycle(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		s := open(t)
		ctx := context.Background()
		run, err := s.CreateBackfillRun(ctx, BackfillRun{Source: "loki", Kind: RunRange, From: at(0), To: at(240), Chunk: time.Hour}, chunksOf(0, 240, 60))
		if err != nil {
			t.Fatal(err)
		}
		if run.ID == 0 || run.Chunks != 4 || run.Finished() {
			t.Fatalf("new run = %+v", run)
		}
		got, ok, err := s.LatestUnfinishedRun(ctx, "loki", RunRange, at(0), at(240))
		if err != nil || !ok || got.ID != run.ID {
			t.Fatalf("LatestUnfinishedRun same range = %+v %v %v", got, ok, err)
		}
		if _, ok, _ := s.LatestUnfinishedRun(ctx, "loki", RunRange, at(0), at(120)); ok {
			t.Fatal("a run of another range was offered for resuming")
		}
		if _, ok, _ := s.LatestUnfinishedRun(ctx, "es", RunRange, time.Time{}, time.Time{}); ok {
			t.Fatal("a run of another source was offered for resuming")
		}

		// Chunk 2 fails, the others complete.
		if err := s.FailChunk(ctx, run.ID, at(120), "loki query: 500"); err != nil {
			t.Fatal(err)
		}
		for _, m := range []int{0, 60, 180} {
			if err := s.CompleteChunk(ctx, run.ID, "loki", at(m), at(m+60), ChunkResult{Lines: 10, Bytes: 1000, Hits: 1}); err != nil {
				t.Fatal(err)
			}
		}
		// A chunk of another source or an unknown chunk is refused, changing nothing.
		if err := s.CompleteChunk(ctx, run.ID, "es", at(120), at(180), ChunkResult{}); !errors.Is(err, ErrNotFound) {
			t.Fatalf("completing another source's chunk: %v", err)
		}
		if err := s.CompleteChunk(ctx, run.ID, "loki", at(121), at(180), ChunkResult{}); !errors.Is(err, ErrNotFound) {
			t.Fatalf("completing an unknown chunk: %v", err)
		}
		run, _ = s.BackfillRun(ctx, run.ID)
		if run.ChunksDone != 3 || run.ChunksFailed != 1 || run.Finished() {
			t.Fatalf("run after a failed chunk = %+v", run)
		}
		cov, _ := s.Coverage(ctx, "loki", at(0), at(240))
		if got := ivs(cov); !slices.Equal(got, []iv{{0, 120}, {180, 240}}) {
			t.Fatalf("coverage = %v", got)
		}
		tot, _ := s.Scanned(ctx, "loki", at(0), at(240))
		if tot != (ScannedTotals{Windows: 3, Lines: 30, Bytes: 3000}) {
			t.Fatalf("scanned = %+v", tot)
		}
		chunks, _ := s.BackfillChunks(ctx, run.ID)
		if chunks[2].Status != ChunkFailed || chunks[2].LastError != "loki query: 500" || chunks[2].Attempts != 1 {
			t.Fatalf("failed chunk = %+v", chunks[2])
		}
		// Resume: the failed chunk is done now and the run finishes.
		if err := s.CompleteChunk(ctx, run.ID, "loki", at(120), at(180), ChunkResult{Lines: 5}); err != nil {
			t.Fatal(err)
		}
		run, _ = s.BackfillRun(ctx, run.ID)
		if !run.Finished() || run.ChunksDone != 4 {
			t.Fatalf("run after the last chunk = %+v", run)
		}
		if _, ok, _ := s.LatestUnfinishedRun(ctx, "loki", RunRange, time.Time{}, time.Time{}); ok {
			t.Fatal("a finished run was offered for resuming")
		}
		if err := s.FailChunk(ctx, run.ID, at(0), "x"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("failing a done chunk: %v", err)
		}
		cov, _ = s.Coverage(ctx, "loki", at(0), at(240))
		if got := ivs(cov); !slices.Equal(got, []iv{{0, 240}}) {
			t.Fatalf("coverage = %v", got)
		}
		if wm, ok, _ := s.Watermark(ctx, "loki"); !ok || !wm.Equal(at(240)) {
			t.Fatalf("watermark = %v %v", wm, ok)
		}
		runs, _ := s.BackfillRuns(ctx, "")
		if len(runs) != 1 || runs[0].ID != run.ID {
			t.Fatalf("runs = %+v", runs)
		}
		if _, err := s.BackfillRun(ctx, 999); !errors.Is(err, ErrNotFound) {
			t.Fatalf("unknown run: %v", err)
		}
	})
}

func TestCreateBackfillRunRejects(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		s := open(t)
		ctx := context.Background()
		for name, tc := range map[string]struct {
			run    BackfillRun
			chunks []Interval
		}{
			"no source":          {BackfillRun{Kind: RunRange, Chunk: time.Hour}, nil},
			"bad kind":           {BackfillRun{Source: "a", Kind: "x", Chunk: time.Hour}, nil},
			"no chunk size":      {BackfillRun{Source: "a", Kind: RunRange}, nil},
			"empty chunk":        {BackfillRun{Source: "a", Kind: RunRange, Chunk: time.Hour}, []Interval{{at(1), at(1)}}},
			"overlapping chunks": {BackfillRun{Source: "a", Kind: RunRange, Chunk: time.Hour}, []Interval{{at(0), at(10)}, {at(5), at(20)}}},
		} {
			if _, err := s.CreateBackfillRun(ctx, tc.run, tc.chunks); err == nil {
				t.Errorf("%s: accepted", name)
			}
		}
		if n := count(t, s, `SELECT COUNT(*) FROM backfill_runs`); n != 0 {
			t.Fatalf("%d runs stored by refused calls", n)
		}
		// A run with nothing to do is finished at once.
		r, err := s.CreateBackfillRun(ctx, BackfillRun{Source: "a", Kind: RunGaps, From: at(0), To: at(10), Chunk: time.Hour}, nil)
		if err != nil || !r.Finished() {
			t.Fatalf("empty run = %+v, %v", r, err)
		}
	})
}

func TestGapSeconds(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		s := open(t)
		ctx := context.Background()
		now := at(24 * 60)
		if g, err := s.GapSeconds(ctx, "loki", 0, now); err != nil || g != 0 {
			t.Fatalf("never scanned: %v %v", g, err)
		}
		must(t, s.Cover(ctx, "loki", at(0), at(600)))
		must(t, s.Cover(ctx, "loki", at(660), at(1000)))
		// Hole [600, 660) = 3600s; lag after the watermark (1000) is not a gap.
		if g, _ := s.GapSeconds(ctx, "loki", 0, now); g != 3600 {
			t.Fatalf("gap = %v, want 3600", g)
		}
		// The horizon starting after the hole hides it.
		if g, _ := s.GapSeconds(ctx, "loki", time.Duration(24*60-650)*time.Minute, now); g != 600 {
			t.Fatalf("gap within horizon = %v, want 600 (the last 10 minutes of the hole)", g)
		}
		// A backfill run reaching back before the first covered time makes that time expected.
		_, err := s.CreateBackfillRun(ctx, BackfillRun{Source: "loki", Kind: RunRange, From: at(-120), To: at(0), Chunk: time.Hour}, chunksOf(-120, 0, 60))
		must(t, err)
		if g, _ := s.GapSeconds(ctx, "loki", 0, now); g != 3600+7200 {
			t.Fatalf("gap with an unfinished backfill = %v, want %v", g, 3600+7200)
		}
		if g, _ := s.GapSeconds(ctx, "other", 0, now); g != 0 {
			t.Fatalf("other source: %v", g)
		}
	})
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestHitsAndIncidentsSeen(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		s := open(t)
		ctx := context.Background()
		record(t, s, "loki", []Sighting{sight("loki", "l1", "a", at(10)), sight("loki", "l2", "a", at(20)), sight("loki", "l3", "b", at(70))}, two)
		record(t, s, "es", []Sighting{sight("es", "d1", "a", at(30))}, two)
		hits, err := s.HitsByRule(ctx, "loki", at(0), at(60))
		if err != nil || len(hits) != 1 || hits[0] != (RuleHits{"github-pat", 2}) {
			t.Fatalf("hits = %+v %v", hits, err)
		}
		seen, err := s.IncidentsSeen(ctx, "loki", at(0), at(120))
		if err != nil || len(seen) != 2 {
			t.Fatalf("seen = %+v %v", seen, err)
		}
		if seen[0].Fingerprint != fp("a") || seen[0].Hits != 2 || seen[0].Count != 3 || seen[1].Hits != 1 {
			t.Fatalf("seen = %+v", seen)
		}
		in, err := s.IncidentByFingerprint(ctx, "github-pat", fp("b"))
		if err != nil || in.ID != seen[1].ID || in.Created.IsZero() {
			t.Fatalf("by fingerprint = %+v %v", in, err)
		}
		if _, err := s.IncidentByFingerprint(ctx, "github-pat", fp("zzz")); !errors.Is(err, ErrNotFound) {
			t.Fatalf("unknown fingerprint: %v", err)
		}
	})
}

func TestAddScanned(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		s := open(t)
		ctx := context.Background()
		must(t, s.AddScanned(ctx, "loki", at(0), at(5), 100, 2000))
		must(t, s.AddScanned(ctx, "loki", at(5), at(10), 50, 1000))
		must(t, s.AddScanned(ctx, "loki", at(60), at(65), 7, 7))
		if err := s.AddScanned(ctx, "loki", at(5), at(0), 1, 1); err == nil {
			t.Fatal("reversed interval accepted")
		}
		if err := s.AddScanned(ctx, "loki", at(0), at(5), -1, 1); err == nil {
			t.Fatal("negative count accepted")
		}
		got, _ := s.Scanned(ctx, "loki", at(0), at(60))
		if got != (ScannedTotals{Windows: 2, Lines: 150, Bytes: 3000}) {
			t.Fatalf("scanned = %+v", got)
		}
	})
}

// TestMigrateFromVersion1 opens a database written by a build that knew only the first
// migration: its data survives and the new tables appear.
func TestMigrateFromVersion1(t *testing.T) {
	dir := t.TempDir()
	db, err := sql.Open("sqlite", dsn(filepath.Join(dir, DBFile)))
	must(t, err)
	ctx := context.Background()
	must(t, runMigrations(ctx, &sqlDB{DB: db}, migrations[:1]))
	_, err = db.Exec(`INSERT INTO coverage (source, from_ns, to_ns) VALUES ('loki', 1, 2)`)
	must(t, err)
	db.Close()
	s := openDir(t, dir)
	if n := count(t, s, `SELECT COUNT(*) FROM coverage`); n != 1 {
		t.Fatalf("coverage rows after migration: %d", n)
	}
	if v := count(t, s, `SELECT MAX(version) FROM schema_migrations`); v != SchemaVersion || v < 2 {
		t.Fatalf("schema version %d", v)
	}
	must(t, s.AddScanned(ctx, "loki", at(0), at(1), 1, 1))
}

// TestChunkWatermarkNeverJumpsAHole: backfill chunks complete in any order (parallel); the
// watermark (covered_until) reaches the end of the contiguous coverage from the existing
// watermark (or, for a source never scanned, from the run's start) and no further.
func TestChunkWatermarkNeverJumpsAHole(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		tests := []struct {
			name    string
			daemon  *iv   // the daemon's coverage before the run (nil: never scanned)
			fail    []int // chunks (start minute) that fail
			order   []int // chunks completed, in this order (start minute)
			wantWM  int   // -1: no watermark
			wantCov []iv
		}{
			{"first chunk fails, later ones complete", &iv{-60, 0}, []int{0}, []int{60, 120, 180}, 0, []iv{{-60, 0}, {60, 240}}},
			{"middle chunk fails", &iv{-60, 0}, []int{120}, []int{0, 60, 180}, 120, []iv{{-60, 120}, {180, 240}}},
			{"out of order, all complete", &iv{-60, 0}, nil, []int{180, 60, 120, 0}, 240, []iv{{-60, 240}}},
			{"never scanned, first chunk fails", nil, []int{0}, []int{60, 120, 180}, -1, []iv{{60, 240}}},
			{"never scanned, first chunk last", nil, nil, []int{60, 180, 0, 120}, 240, []iv{{0, 240}}},
			{"never scanned, in order", nil, nil, []int{0, 60, 120, 180}, 240, []iv{{0, 240}}},
			{"run behind the watermark", &iv{300, 400}, []int{60}, []int{0, 120, 180}, 400, []iv{{0, 60}, {120, 240}, {300, 400}}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				s := open(t)
				ctx := context.Background()
				if tc.daemon != nil {
					if err := s.Cover(ctx, "loki", at(tc.daemon[0]), at(tc.daemon[1])); err != nil {
						t.Fatal(err)
					}
				}
				run, err := s.CreateBackfillRun(ctx, BackfillRun{Source: "loki", Kind: RunRange, From: at(0), To: at(240), Chunk: time.Hour}, chunksOf(0, 240, 60))
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range tc.fail {
					if err := s.FailChunk(ctx, run.ID, at(m), "loki query: 500"); err != nil {
						t.Fatal(err)
					}
				}
				for _, m := range tc.order {
					if err := s.CompleteChunk(ctx, run.ID, "loki", at(m), at(m+60), ChunkResult{Lines: 1}); err != nil {
						t.Fatal(err)
					}
				}
				wm, ok, err := s.Watermark(ctx, "loki")
				if err != nil {
					t.Fatal(err)
				}
				switch {
				case tc.wantWM < 0 && ok:
					t.Errorf("watermark = %v, want none (the run's first chunk is a hole)", wm)
				case tc.wantWM >= 0 && (!ok || !wm.Equal(at(tc.wantWM))):
					t.Errorf("watermark = %v (ok %v), want %v", wm, ok, at(tc.wantWM))
				}
				cov, _ := s.Coverage(ctx, "loki", at(-1000), at(1000))
				if got := ivs(cov); !slices.Equal(got, tc.wantCov) {
					t.Errorf("coverage = %v, want %v", got, tc.wantCov)
				}
			})
		}
	})
}
