package state

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"
)

// RunKind is what a backfill run covers, as stored.
type RunKind string

// Backfill run kinds.
const (
	RunRange RunKind = "range" // a requested time range
	RunGaps  RunKind = "gaps"  // the uncovered intervals of a range (--fill-gaps)
)

// ChunkStatus is a backfill chunk's state, as stored.
type ChunkStatus string

// Backfill chunk states.
const (
	ChunkPending ChunkStatus = "pending"
	ChunkDone    ChunkStatus = "done"
	ChunkFailed  ChunkStatus = "failed"
)

// BackfillRun is one backfill of a source: its range, its chunk size and its progress.
type BackfillRun struct {
	ID     int64
	Source string
	Kind   RunKind
	From   time.Time
	To     time.Time
	Chunk  time.Duration
	// Created is when the run was started; Done when its last chunk was done (zero while
	// any chunk is pending or failed).
	Created, Done time.Time
	// Chunk counts by state (read back from the store).
	Chunks, ChunksDone, ChunksFailed int
}

// Finished reports whether every chunk is done.
func (r BackfillRun) Finished() bool { return !r.Done.IsZero() }

// BackfillChunk is one chunk of a run.
type BackfillChunk struct {
	RunID     int64
	From, To  time.Time
	Status    ChunkStatus
	Attempts  int
	Lines     int64
	Bytes     int64
	Hits      int64
	LastError string
}

// ChunkResult is what scanning a chunk read.
type ChunkResult struct {
	Lines, Bytes, Hits int64
}

// CreateBackfillRun stores a new run of source with its chunks (sorted, non-overlapping, all
// pending) in one transaction and returns it with its id.
func (s *DB) CreateBackfillRun(ctx context.Context, run BackfillRun, chunks []Interval) (BackfillRun, error) {
	if run.Source == "" {
		return run, errors.New("state: backfill run: empty source name")
	}
	if run.Kind != RunRange && run.Kind != RunGaps {
		return run, fmt.Errorf("state: backfill run: kind %q: want %s or %s", run.Kind, RunRange, RunGaps)
	}
	if run.Chunk <= 0 {
		return run, fmt.Errorf("state: backfill run: chunk %s: want a positive duration", run.Chunk)
	}
	for i, c := range chunks {
		if !c.From.Before(c.To) {
			return run, fmt.Errorf("state: backfill run: chunk %d is empty or reversed", i)
		}
		if i > 0 && c.From.Before(chunks[i-1].To) {
			return run, fmt.Errorf("state: backfill run: chunk %d overlaps the previous one (chunks must be sorted and disjoint)", i)
		}
	}
	if run.Created.IsZero() {
		run.Created = time.Now()
	}
	var done time.Time // a run with nothing to scan is finished at once
	if len(chunks) == 0 {
		done = run.Created
	}
	err := s.writeSource(ctx, run.Source, func(tx *sqlTx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO backfill_runs (source, kind, from_ns, to_ns, chunk_ns, created_ns, done_ns)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, run.Source, string(run.Kind), toNS(run.From), toNS(run.To), int64(run.Chunk), toNS(run.Created),
			nullNS(done)).Scan(&run.ID); err != nil {
			return err
		}
		st, err := tx.PrepareContext(ctx, `INSERT INTO backfill_chunks (run_id, from_ns, to_ns, status, updated_ns) VALUES (?, ?, ?, 'pending', ?)`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, c := range chunks {
			if _, err := st.ExecContext(ctx, run.ID, toNS(c.From), toNS(c.To), toNS(run.Created)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return run, fmt.Errorf("state: create backfill run of %s: %w", run.Source, err)
	}
	run.Chunks, run.Done = len(chunks), done
	return run, nil
}

const runColumns = `r.id, r.source, r.kind, r.from_ns, r.to_ns, r.chunk_ns, r.created_ns, r.done_ns,
	(SELECT COUNT(*) FROM backfill_chunks c WHERE c.run_id = r.id),
	(SELECT COUNT(*) FROM backfill_chunks c WHERE c.run_id = r.id AND c.status = 'done'),
	(SELECT COUNT(*) FROM backfill_chunks c WHERE c.run_id = r.id AND c.status = 'failed')`

func scanRun(row interface{ Scan(...any) error }) (BackfillRun, error) {
	var r BackfillRun
	var from, to, chunk, created int64
	var done sql.NullInt64
	err := row.Scan(&r.ID, &r.Source, &r.Kind, &from, &to, &chunk, &created, &done, &r.Chunks, &r.ChunksDone, &r.ChunksFailed)
	r.From, r.To, r.Chunk, r.Created, r.Done = fromNS(from), fromNS(to), time.Duration(chunk), fromNS(created), fromNull(done)
	return r, err
}

// BackfillRun returns run id (wrapping ErrNotFound when unknown).
func (s *DB) BackfillRun(ctx context.Context, id int64) (BackfillRun, error) {
	r, err := scanRun(s.db.QueryRowContext(ctx, `SELECT `+runColumns+` FROM backfill_runs r WHERE r.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("state: backfill run %d: %w (list them with: leakwatch backfill --list)", id, ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("state: backfill run %d: %w", id, err)
	}
	return r, nil
}

// BackfillRuns lists the runs of source ("" for all), newest first.
func (s *DB) BackfillRuns(ctx context.Context, source string) ([]BackfillRun, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+runColumns+` FROM backfill_runs r
		WHERE ?1 = '' OR r.source = ?1 ORDER BY r.id DESC`, source)
	if err != nil {
		return nil, fmt.Errorf("state: backfill runs: %w", err)
	}
	defer rows.Close()
	var out []BackfillRun
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, fmt.Errorf("state: backfill runs: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("state: backfill runs: %w", err)
	}
	return out, nil
}

// LatestUnfinishedRun returns the newest run of source and kind with a chunk not done. When
// from and to are both non-zero, only a run of exactly that range qualifies.
func (s *DB) LatestUnfinishedRun(ctx context.Context, source string, kind RunKind, from, to time.Time) (BackfillRun, bool, error) {
	anyRange := from.IsZero() || to.IsZero()
	r, err := scanRun(s.db.QueryRowContext(ctx, `SELECT `+runColumns+` FROM backfill_runs r
		WHERE r.source = ?1 AND r.kind = ?2 AND r.done_ns IS NULL AND (?3 OR (r.from_ns = ?4 AND r.to_ns = ?5))
		ORDER BY r.id DESC LIMIT 1`, source, string(kind), anyRange, toNS(from), toNS(to)))
	if errors.Is(err, sql.ErrNoRows) {
		return BackfillRun{}, false, nil
	}
	if err != nil {
		return BackfillRun{}, false, fmt.Errorf("state: unfinished backfill of %s: %w", source, err)
	}
	return r, true, nil
}

// BackfillChunks lists the chunks of a run, oldest first.
func (s *DB) BackfillChunks(ctx context.Context, runID int64) ([]BackfillChunk, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT from_ns, to_ns, status, attempts, lines, bytes, hits, last_error
		FROM backfill_chunks WHERE run_id = ? ORDER BY from_ns`, runID)
	if err != nil {
		return nil, fmt.Errorf("state: chunks of backfill run %d: %w", runID, err)
	}
	defer rows.Close()
	var out []BackfillChunk
	for rows.Next() {
		c := BackfillChunk{RunID: runID}
		var from, to int64
		if err := rows.Scan(&from, &to, &c.Status, &c.Attempts, &c.Lines, &c.Bytes, &c.Hits, &c.LastError); err != nil {
			return nil, fmt.Errorf("state: chunks of backfill run %d: %w", runID, err)
		}
		c.From, c.To = fromNS(from), fromNS(to)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("state: chunks of backfill run %d: %w", runID, err)
	}
	return out, nil
}

// CompleteChunk records, in one transaction, that the chunk [from, to) of run was fully
// scanned: the interval is covered (as Cover does), the lines and bytes read are added to the
// scanned ledger, the chunk is marked done, and the run is marked done with its last chunk.
// A crash therefore never leaves a chunk covered but pending, or done but not covered.
func (s *DB) CompleteChunk(ctx context.Context, runID int64, source string, from, to time.Time, r ChunkResult) error {
	if !from.Before(to) {
		return fmt.Errorf("state: complete chunk of run %d: empty or reversed interval", runID)
	}
	if r.Lines < 0 || r.Bytes < 0 || r.Hits < 0 {
		return fmt.Errorf("state: complete chunk of run %d: negative counts", runID)
	}
	now := toNS(time.Now())
	err := s.writeSource(ctx, source, func(tx *sqlTx) error {
		res, err := tx.ExecContext(ctx, `UPDATE backfill_chunks SET status = 'done', attempts = attempts + 1, lines = ?, bytes = ?, hits = ?,
			last_error = '', updated_ns = ? WHERE run_id = ? AND from_ns = ? AND to_ns = ?
			AND run_id IN (SELECT id FROM backfill_runs WHERE source = ?)`,
			r.Lines, r.Bytes, r.Hits, now, runID, toNS(from), toNS(to), source)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return fmt.Errorf("no chunk %s–%s of source %s in run %d: %w", fmtT(from), fmtT(to), source, runID, ErrNotFound)
		}
		var anchor int64
		if err := tx.QueryRowContext(ctx, `SELECT from_ns FROM backfill_runs WHERE id = ?`, runID).Scan(&anchor); err != nil {
			return err
		}
		if err := coverTx(ctx, tx, source, toNS(from), toNS(to), &anchor); err != nil {
			return err
		}
		if err := insertScanned(ctx, tx, source, from, to, r.Lines, r.Bytes); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE backfill_runs SET done_ns = ?1 WHERE id = ?2 AND done_ns IS NULL
			AND NOT EXISTS (SELECT 1 FROM backfill_chunks WHERE run_id = ?2 AND status != 'done')`, now, runID)
		return err
	})
	if err != nil {
		return fmt.Errorf("state: complete chunk of backfill run %d: %w", runID, err)
	}
	return nil
}

// FailChunk records a failed attempt at a chunk; it stays to be scanned by a resumed run.
// errText is cut to 500 bytes; it must not carry log lines (source errors never do).
func (s *DB) FailChunk(ctx context.Context, runID int64, from time.Time, errText string) error {
	errText = truncate(errText, maxErrorText)
	err := s.write(ctx, func(tx *sqlTx) error {
		res, err := tx.ExecContext(ctx, `UPDATE backfill_chunks SET status = 'failed', attempts = attempts + 1, last_error = ?, updated_ns = ?
			WHERE run_id = ? AND from_ns = ? AND status != 'done'`, errText, toNS(time.Now()), runID, toNS(from))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return fmt.Errorf("no unfinished chunk at %s in run %d: %w", fmtT(from), runID, ErrNotFound)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("state: fail chunk of backfill run %d: %w", runID, err)
	}
	return nil
}

// coverTx is Cover's merge inside a caller's transaction (see Cover for the invariants: the
// ledger stays sorted, disjoint and non-adjacent; the watermark only moves forward).
//
// The watermark never jumps over a hole: it moves to the end of the merged interval only
// when that interval reaches back to the current watermark. A backfill chunk that completes
// while an earlier chunk failed or is still running is covered in the ledger, but the
// watermark (covered_until) waits until the hole is filled. anchor matters only for a source
// without a watermark: the merged interval must reach back to it (a backfill run's start);
// nil lets any interval set the first watermark (the daemon's first window).
func coverTx(ctx context.Context, tx *sqlTx, source string, f, t int64, anchor *int64) error {
	var lo, hi sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT MIN(from_ns), MAX(to_ns) FROM coverage
		WHERE source = ? AND from_ns <= ? AND to_ns >= ?`, source, t, f).Scan(&lo, &hi); err != nil {
		return err
	}
	if lo.Valid && lo.Int64 < f {
		f = lo.Int64
	}
	if hi.Valid && hi.Int64 > t {
		t = hi.Int64
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM coverage WHERE source = ? AND from_ns <= ? AND to_ns >= ?`, source, t, f); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO coverage (source, from_ns, to_ns) VALUES (?, ?, ?)`, source, f, t); err != nil {
		return err
	}
	var wm sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT watermark_ns FROM sources WHERE name = ?`, source).Scan(&wm)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	switch {
	case wm.Valid && (wm.Int64 < f || wm.Int64 >= t):
		return nil // a hole between the watermark and this interval, or nothing new
	case !wm.Valid && anchor != nil && *anchor < f:
		return nil // the run's start is not covered yet
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO sources (name, watermark_ns) VALUES (?1, ?2)
		ON CONFLICT (name) DO UPDATE SET watermark_ns = GREATEST(COALESCE(sources.watermark_ns, ?2), ?2)`, source, t)
	return err
}

// AddScanned adds lines and bytes read for [from, to) without covering it (the daemon's
// windows go through CoverScanned, backfill chunks through CompleteChunk, both of which
// record their counts with their coverage). Reports sum these rows.
func (s *DB) AddScanned(ctx context.Context, source string, from, to time.Time, lines, bytes int64) error {
	if source == "" {
		return errors.New("state: add scanned: empty source name")
	}
	if to.Before(from) || lines < 0 || bytes < 0 {
		return fmt.Errorf("state: add scanned of %s: reversed interval or negative counts", source)
	}
	err := s.writeSource(ctx, source, func(tx *sqlTx) error { return insertScanned(ctx, tx, source, from, to, lines, bytes) })
	if err != nil {
		return fmt.Errorf("state: add scanned of %s: %w", source, err)
	}
	return nil
}

// insertScanned adds one row to the scanned ledger inside a caller's transaction.
func insertScanned(ctx context.Context, tx *sqlTx, source string, from, to time.Time, lines, bytes int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO scanned (source, from_ns, to_ns, lines, bytes, recorded_ns) VALUES (?, ?, ?, ?, ?, ?)`,
		source, toNS(from), toNS(to), lines, bytes, toNS(time.Now()))
	return err
}

// ScannedTotals is what the windows of a source overlapping a period read.
type ScannedTotals struct {
	Windows      int
	Lines, Bytes int64
}

// Scanned sums the scanned ledger of source over the windows overlapping [from, to), each
// counted whole: a window's lines are not spread over time, so a period that holds part of a
// window (the last hour of a first scan that looked back further) still shows what was read.
// Rescans (overlap, a backfill over covered time) count again: these are lines read, not
// distinct lines stored.
func (s *DB) Scanned(ctx context.Context, source string, from, to time.Time) (ScannedTotals, error) {
	var t ScannedTotals
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(lines), 0), COALESCE(SUM(bytes), 0) FROM scanned
		WHERE source = ? AND to_ns > ? AND from_ns < ?`, source, toNS(from), toNS(to)).Scan(&t.Windows, &t.Lines, &t.Bytes)
	if err != nil {
		return t, fmt.Errorf("state: scanned totals of %s: %w", source, err)
	}
	return t, nil
}

// Gaps returns the parts of [from, to) not covered by intervals (sorted, disjoint, as
// Coverage returns them; unsorted input is sorted first).
func Gaps(covered []Interval, from, to time.Time) []Interval {
	if !from.Before(to) {
		return nil
	}
	cs := append([]Interval(nil), covered...)
	sort.Slice(cs, func(i, j int) bool { return cs[i].From.Before(cs[j].From) })
	var out []Interval
	cur := from
	for _, c := range cs {
		if !c.To.After(cur) {
			continue
		}
		if !c.From.Before(to) {
			break
		}
		if c.From.After(cur) {
			out = append(out, Interval{From: cur, To: c.From})
		}
		cur = c.To
		if !cur.Before(to) {
			return out
		}
	}
	if cur.Before(to) {
		out = append(out, Interval{From: cur, To: to})
	}
	return out
}

// Duration is the total length of intervals.
func Duration(is []Interval) time.Duration {
	var d time.Duration
	for _, i := range is {
		d += i.To.Sub(i.From)
	}
	return d
}

// ExpectedRange is the part of [now-horizon, now) a source is expected to be covered over:
// from the earliest of its first covered time and its backfill runs' starts, to the latest
// of its watermark and its backfill runs' ends. ok is false when the source was never
// scanned nor backfilled. Lag ahead of the watermark is not included: that is
// leakwatch_source_covered_until_timestamp_seconds' job.
func (s *DB) ExpectedRange(ctx context.Context, source string, horizon time.Duration, now time.Time) (Interval, bool, error) {
	var lo, hi sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT MIN(f), MAX(t) FROM (
			SELECT MIN(from_ns) AS f, MAX(to_ns) AS t FROM coverage WHERE source = ?1
			UNION ALL SELECT MIN(from_ns), MAX(to_ns) FROM backfill_runs WHERE source = ?1) AS ranges`, source).Scan(&lo, &hi)
	if err != nil {
		return Interval{}, false, fmt.Errorf("state: expected coverage of %s: %w", source, err)
	}
	if !lo.Valid || !hi.Valid {
		return Interval{}, false, nil
	}
	iv := Interval{From: fromNS(lo.Int64), To: fromNS(hi.Int64)}
	if horizon > 0 && iv.From.Before(now.Add(-horizon)) {
		iv.From = now.Add(-horizon)
	}
	if iv.To.After(now) {
		iv.To = now
	}
	if !iv.From.Before(iv.To) {
		return Interval{From: iv.From, To: iv.From}, true, nil
	}
	return iv, true, nil
}

// GapSeconds is the uncovered time of source, in seconds, within its expected range over
// the last horizon (see ExpectedRange; horizon <= 0: all history). It is the value of
// leakwatch_coverage_gap_seconds{source}: 0 means every second from the first scanned or
// backfilled time to the watermark was scanned.
func (s *DB) GapSeconds(ctx context.Context, source string, horizon time.Duration, now time.Time) (float64, error) {
	iv, ok, err := s.ExpectedRange(ctx, source, horizon, now)
	if err != nil || !ok || !iv.From.Before(iv.To) {
		return 0, err
	}
	cov, err := s.Coverage(ctx, source, iv.From, iv.To)
	if err != nil {
		return 0, err
	}
	return Duration(Gaps(cov, iv.From, iv.To)).Seconds(), nil
}

// RuleHits is the number of sightings of one rule in a source over a period.
type RuleHits struct {
	RuleID string
	Hits   int64
}

// HitsByRule counts the sightings of source whose log time is in [from, to), per rule.
func (s *DB) HitsByRule(ctx context.Context, source string, from, to time.Time) ([]RuleHits, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT rule_id, COUNT(*) FROM sightings
		WHERE source = ? AND event_ns >= ? AND event_ns < ? GROUP BY rule_id ORDER BY rule_id`, source, toNS(from), toNS(to))
	if err != nil {
		return nil, fmt.Errorf("state: hits of %s: %w", source, err)
	}
	defer rows.Close()
	var out []RuleHits
	for rows.Next() {
		var h RuleHits
		if err := rows.Scan(&h.RuleID, &h.Hits); err != nil {
			return nil, fmt.Errorf("state: hits of %s: %w", source, err)
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("state: hits of %s: %w", source, err)
	}
	return out, nil
}

// SeenIncident is an incident with its sightings in one source over a period.
type SeenIncident struct {
	Incident
	// Hits are the incident's sightings in the source with log time in the period.
	Hits int64
	// Created is when leakwatch opened the incident.
	Created time.Time
	// Purge is the status of the latest purge of the incident's lines in the source ("" when
	// none was asked for).
	Purge string
}

// IncidentsSeen lists the incidents with a sighting in source whose log time is in
// [from, to), oldest first seen first. Locations, sources and thread refs are not loaded.
func (s *DB) IncidentsSeen(ctx context.Context, source string, from, to time.Time) ([]SeenIncident, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT i.id, i.rule_id, i.severity, i.description, i.fingerprint, i.preview, i.status,
			i.first_seen_ns, i.last_seen_ns, i.count, i.resolved_at_ns, COALESCE(i.resolved_by, ''), i.created_ns, COUNT(*),
			i.verified, COALESCE((SELECT p.status FROM purges p WHERE p.incident_id = i.id AND p.source = ?1 ORDER BY p.id DESC LIMIT 1), '')
		FROM sightings s JOIN incidents i ON i.id = s.incident_id
		WHERE s.source = ?1 AND s.event_ns >= ?2 AND s.event_ns < ?3
		GROUP BY i.id ORDER BY i.first_seen_ns, i.id`, source, toNS(from), toNS(to))
	if err != nil {
		return nil, fmt.Errorf("state: incidents seen in %s: %w", source, err)
	}
	defer rows.Close()
	var out []SeenIncident
	for rows.Next() {
		var in SeenIncident
		var first, last, created int64
		var resolved sql.NullInt64
		if err := rows.Scan(&in.ID, &in.RuleID, &in.Severity, &in.Description, &in.Fingerprint, &in.Preview, &in.Status,
			&first, &last, &in.Count, &resolved, &in.ResolvedBy, &created, &in.Hits, &in.Verified, &in.Purge); err != nil {
			return nil, fmt.Errorf("state: incidents seen in %s: %w", source, err)
		}
		in.FirstSeen, in.LastSeen, in.ResolvedAt, in.Created = fromNS(first), fromNS(last), fromNull(resolved), fromNS(created)
		out = append(out, in)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("state: incidents seen in %s: %w", source, err)
	}
	return out, nil
}

// IncidentByFingerprint returns the incident of (rule, fingerprint), wrapping ErrNotFound.
func (s *DB) IncidentByFingerprint(ctx context.Context, rule, fingerprint string) (SeenIncident, error) {
	var in SeenIncident
	var first, last, created int64
	var resolved sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT id, rule_id, severity, description, fingerprint, preview, status,
			first_seen_ns, last_seen_ns, count, resolved_at_ns, COALESCE(resolved_by, ''), created_ns
		FROM incidents WHERE rule_id = ? AND fingerprint = ?`, rule, fingerprint).Scan(&in.ID, &in.RuleID, &in.Severity,
		&in.Description, &in.Fingerprint, &in.Preview, &in.Status, &first, &last, &in.Count, &resolved, &in.ResolvedBy, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return in, fmt.Errorf("state: incident of rule %s: %w", rule, ErrNotFound)
	}
	if err != nil {
		return in, fmt.Errorf("state: incident of rule %s: %w", rule, err)
	}
	in.FirstSeen, in.LastSeen, in.ResolvedAt, in.Created = fromNS(first), fromNS(last), fromNull(resolved), fromNS(created)
	return in, nil
}

func fmtT(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
