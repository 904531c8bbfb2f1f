package state

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Watermark implements Store: the end of the latest covered interval.
func (s *SQLite) Watermark(ctx context.Context, source string) (time.Time, bool, error) {
	var wm sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT watermark_ns FROM sources WHERE name = ?`, source).Scan(&wm)
	if errors.Is(err, sql.ErrNoRows) || err == nil && !wm.Valid {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("state: watermark of %s: %w", source, err)
	}
	return fromNS(wm.Int64), true, nil
}

// Cover implements Store. Intervals that overlap or touch [from, to) are merged with it into
// one row, so the ledger stays a sorted list of disjoint, non-adjacent intervals. An empty
// interval (from == to) records nothing.
func (s *SQLite) Cover(ctx context.Context, source string, from, to time.Time) error {
	if source == "" {
		return errors.New("state: cover: empty source name")
	}
	if to.Before(from) {
		return fmt.Errorf("state: cover %s: interval ends (%s) before it starts (%s)", source,
			to.UTC().Format(time.RFC3339Nano), from.UTC().Format(time.RFC3339Nano))
	}
	if to.Equal(from) {
		return nil
	}
	f, t := toNS(from), toNS(to)
	err := s.write(ctx, func(tx *sql.Tx) error {
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
		_, err := tx.ExecContext(ctx, `INSERT INTO sources (name, watermark_ns) VALUES (?1, ?2)
			ON CONFLICT (name) DO UPDATE SET watermark_ns = MAX(COALESCE(watermark_ns, ?2), ?2)`, source, toNS(to))
		return err
	})
	if err != nil {
		return fmt.Errorf("state: cover %s: %w", source, err)
	}
	return nil
}

// Coverage implements Store: the merged intervals overlapping [from, to), clipped to it.
func (s *SQLite) Coverage(ctx context.Context, source string, from, to time.Time) ([]Interval, error) {
	if !from.Before(to) {
		return nil, nil
	}
	f, t := toNS(from), toNS(to)
	rows, err := s.db.QueryContext(ctx, `SELECT from_ns, to_ns FROM coverage
		WHERE source = ? AND from_ns < ? AND to_ns > ? ORDER BY from_ns`, source, t, f)
	if err != nil {
		return nil, fmt.Errorf("state: coverage of %s: %w", source, err)
	}
	defer rows.Close()
	var out []Interval
	for rows.Next() {
		var a, b int64
		if err := rows.Scan(&a, &b); err != nil {
			return nil, fmt.Errorf("state: coverage of %s: %w", source, err)
		}
		out = append(out, Interval{From: fromNS(max(a, f)), To: fromNS(min(b, t))})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("state: coverage of %s: %w", source, err)
	}
	return out, nil
}
