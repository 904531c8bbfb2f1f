package state

import (
	"context"
	"fmt"
)

// ScannedWindows lists the windows recorded as scanned for source (one row per scan of a
// window, daemon or backfill), oldest first: the ledger that shows each window was read once.
func (s *DB) ScannedWindows(ctx context.Context, source string) ([]Interval, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT from_ns, to_ns FROM scanned WHERE source = ? ORDER BY from_ns, id`, source)
	if err != nil {
		return nil, fmt.Errorf("state: scanned windows of %s: %w", source, err)
	}
	defer rows.Close()
	var out []Interval
	for rows.Next() {
		var f, t int64
		if err := rows.Scan(&f, &t); err != nil {
			return nil, fmt.Errorf("state: scanned windows of %s: %w", source, err)
		}
		out = append(out, Interval{From: fromNS(f), To: fromNS(t)})
	}
	return out, rows.Err()
}
