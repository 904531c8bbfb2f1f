package state

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Re-verification of covered time. A source's time is cut in fixed buckets (the recheck
// grid). Before a window is scanned, the engine counts the lines the store holds in scope
// for the part of each bucket the window adds (a piece); once the window is covered, the
// pieces' counts are added to their buckets' baseline. A bucket whose pieces tile it whole
// is complete: every line it held when each piece was counted was read by the scan that
// followed. If the store later holds more lines for the bucket than its baseline, lines
// arrived late and the bucket is scanned again. A store with an index of its own (Loki's
// index volume) gives a signal at each re-verification, taken before the count; while the
// signal stays the same nothing was added, and the bucket is not counted again.

// VolumeBucket is one bucket's record.
type VolumeBucket struct {
	Bucket                 Interval
	CountedFrom, CountedTo time.Time
	Baseline, Late         int64
	Complete               time.Time // zero until the pieces tile the bucket
	Verified, Rescanned    time.Time // zero when never
	// Signal is the store's index signal of the bucket taken before its last count ("" when
	// none).
	Signal string
}

// VolumePiece is the count of [From, To) inside Bucket, taken before the scan covering it.
type VolumePiece struct {
	Bucket   Interval
	From, To time.Time
	Count    int64
}

// VolumeBuckets lists the buckets of source overlapping [from, to), oldest first.
func (s *DB) VolumeBuckets(ctx context.Context, source string, from, to time.Time) ([]VolumeBucket, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT from_ns, to_ns, counted_from, counted_to, baseline, late, complete_ns, verified_ns, rescanned_ns, signal
		FROM volumes WHERE source = ? AND from_ns < ? AND to_ns > ? ORDER BY from_ns`, source, toNS(to), toNS(from))
	if err != nil {
		return nil, fmt.Errorf("state: volumes of %s: %w", source, err)
	}
	defer rows.Close()
	var out []VolumeBucket
	for rows.Next() {
		var b VolumeBucket
		var f, t, cf, ct int64
		var complete, verified, rescanned sql.NullInt64
		if err := rows.Scan(&f, &t, &cf, &ct, &b.Baseline, &b.Late, &complete, &verified, &rescanned, &b.Signal); err != nil {
			return nil, fmt.Errorf("state: volumes of %s: %w", source, err)
		}
		b.Bucket = Interval{From: fromNS(f), To: fromNS(t)}
		b.CountedFrom, b.CountedTo = fromNS(cf), fromNS(ct)
		b.Complete, b.Verified, b.Rescanned = nullTime(complete), nullTime(verified), nullTime(rescanned)
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("state: volumes of %s: %w", source, err)
	}
	return out, nil
}

func nullTime(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return fromNS(n.Int64)
}

// AddVolumePieces adds the counts of a covered window's pieces to their buckets, in one
// transaction. A piece that continues its bucket's counted range extends it; a piece that
// does not (the first of a bucket, or one after a hole) starts the bucket's count afresh, so
// a bucket is complete only when its pieces tile it without a hole. A piece already counted
// (it starts before the counted range ends) changes nothing.
func (s *DB) AddVolumePieces(ctx context.Context, source string, pieces []VolumePiece, now time.Time) error {
	if len(pieces) == 0 {
		return nil
	}
	err := s.writeSource(ctx, source, func(tx *sqlTx) error {
		for _, p := range pieces {
			if p.Count < 0 || !p.From.Before(p.To) || p.From.Before(p.Bucket.From) || p.To.After(p.Bucket.To) {
				return fmt.Errorf("piece %s–%s of bucket %s–%s: empty, outside its bucket or negative", fmtT(p.From), fmtT(p.To), fmtT(p.Bucket.From), fmtT(p.Bucket.To))
			}
			complete := sql.NullInt64{}
			var cf, ct, baseline int64
			err := tx.QueryRowContext(ctx, `SELECT counted_from, counted_to, baseline FROM volumes WHERE source = ? AND from_ns = ?`,
				source, toNS(p.Bucket.From)).Scan(&cf, &ct, &baseline)
			switch {
			case errors.Is(err, sql.ErrNoRows) || err == nil && toNS(p.From) > ct:
				cf, ct, baseline = toNS(p.From), toNS(p.To), p.Count
			case err != nil:
				return err
			case toNS(p.From) < ct:
				continue // counted already
			default:
				ct, baseline = toNS(p.To), baseline+p.Count
			}
			if cf == toNS(p.Bucket.From) && ct == toNS(p.Bucket.To) {
				complete = sql.NullInt64{Int64: toNS(now), Valid: true}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO volumes (source, from_ns, to_ns, counted_from, counted_to, baseline, complete_ns)
				VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
				ON CONFLICT (source, from_ns) DO UPDATE SET counted_from = ?4, counted_to = ?5, baseline = ?6, complete_ns = ?7, signal = ''`,
				source, toNS(p.Bucket.From), toNS(p.Bucket.To), cf, ct, baseline, complete); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("state: record volumes of %s: %w", source, err)
	}
	return nil
}

// VolumeVerified records a re-verification of a complete bucket at now: the store held count
// lines in scope. late > 0 means the bucket was scanned again after that count: count becomes
// the baseline and late is added to the late lines found.
func (s *DB) VolumeVerified(ctx context.Context, source string, bucketFrom time.Time, count, late int64, now time.Time) error {
	if count < 0 || late < 0 {
		return fmt.Errorf("state: verify volume of %s: negative count", source)
	}
	err := s.writeSource(ctx, source, func(tx *sqlTx) error {
		q := `UPDATE volumes SET verified_ns = ?3 WHERE source = ?1 AND from_ns = ?2`
		if late > 0 {
			q = `UPDATE volumes SET verified_ns = ?3, rescanned_ns = ?3, baseline = ?4, late = late + ?5 WHERE source = ?1 AND from_ns = ?2`
		}
		return updateBucket(ctx, tx, bucketFrom, q, source, toNS(bucketFrom), toNS(now), count, late)
	})
	if err != nil {
		return fmt.Errorf("state: verify volume of %s: %w", source, err)
	}
	return nil
}

// VolumeSignal records the store's index signal of a bucket, taken before the count its last
// re-verification (VolumeVerified) recorded.
func (s *DB) VolumeSignal(ctx context.Context, source string, bucketFrom time.Time, signal string) error {
	err := s.writeSource(ctx, source, func(tx *sqlTx) error {
		return updateBucket(ctx, tx, bucketFrom, `UPDATE volumes SET signal = ?3 WHERE source = ?1 AND from_ns = ?2`, source, toNS(bucketFrom), signal)
	})
	if err != nil {
		return fmt.Errorf("state: record the statistics of a bucket of %s: %w", source, err)
	}
	return nil
}

// updateBucket runs an update of the bucket starting at bucketFrom: ErrNotFound when there is none.
func updateBucket(ctx context.Context, tx *sqlTx, bucketFrom time.Time, q string, args ...any) error {
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("no bucket at %s: %w", fmtT(bucketFrom), ErrNotFound)
	}
	return nil
}

// VolumeTotals sums what the buckets of source overlapping [from, to) say: the lines in scope
// (baseline, which after a rescan includes the late lines), the late lines found, how many
// buckets have a count, and the last re-verification.
type VolumeTotals struct {
	Buckets      int
	InScope      int64
	Late         int64
	LastVerified time.Time
}

// Volumes sums the volume records of source for the buckets overlapping [from, to), each
// counted whole (as Scanned counts windows).
func (s *DB) Volumes(ctx context.Context, source string, from, to time.Time) (VolumeTotals, error) {
	var t VolumeTotals
	var last sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(baseline), 0), COALESCE(SUM(late), 0), MAX(verified_ns) FROM volumes
		WHERE source = ? AND to_ns > ? AND from_ns < ?`, source, toNS(from), toNS(to)).Scan(&t.Buckets, &t.InScope, &t.Late, &last)
	if err != nil {
		return t, fmt.Errorf("state: volume totals of %s: %w", source, err)
	}
	t.LastVerified = nullTime(last)
	return t, nil
}
