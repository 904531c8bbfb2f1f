package state

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Watermark implements Store: the end of the latest covered interval.
func (s *DB) Watermark(ctx context.Context, source string) (time.Time, bool, error) {
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
func (s *DB) Cover(ctx context.Context, source string, from, to time.Time) error {
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
	err := s.writeSource(ctx, source, func(tx *sqlTx) error { return coverTx(ctx, tx, source, toNS(from), toNS(to), nil) })
	if err != nil {
		return fmt.Errorf("state: cover %s: %w", source, err)
	}
	return nil
}

// CoverScanned is Cover plus the lines and bytes the window's scan read (the evidence reports
// sum), in one transaction so the ledger and the counts never disagree.
func (s *DB) CoverScanned(ctx context.Context, source string, from, to time.Time, lines, bytes int64) error {
	if source == "" {
		return errors.New("state: cover: empty source name")
	}
	if to.Before(from) || lines < 0 || bytes < 0 {
		return fmt.Errorf("state: cover %s: reversed interval or negative counts", source)
	}
	if to.Equal(from) {
		return nil
	}
	err := s.writeSource(ctx, source, func(tx *sqlTx) error {
		if err := coverTx(ctx, tx, source, toNS(from), toNS(to), nil); err != nil {
			return err
		}
		return insertScanned(ctx, tx, source, from, to, lines, bytes)
	})
	if err != nil {
		return fmt.Errorf("state: cover %s: %w", source, err)
	}
	return nil
}

// Coverage implements Store: the merged intervals overlapping [from, to), clipped to it.
func (s *DB) Coverage(ctx context.Context, source string, from, to time.Time) ([]Interval, error) {
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
