package state

import (
	"context"
	"fmt"
	"os"
	"time"
)

// Retention: sightings (one row per line and secret), delivered alerts and old incident
// locations are pruned by age so the database stays bounded; coverage intervals, scanned
// windows, volumes, backfill runs and incidents are kept (small, and the evidence).

// pruneBatch bounds one delete transaction, so a prune never holds the write lock for long
// (the daemon's page commits and a backfill wait behind it).
const pruneBatch = 20000

// PruneResult says what a prune removed.
type PruneResult struct {
	Sightings, Alerts, Locations int64
	// SizeBefore and SizeAfter are the database file's size (with its WAL); on PostgreSQL,
	// the database's (pg_database_size).
	SizeBefore, SizeAfter int64
	// Vacuumed is true when the database was converted to incremental auto-vacuum (a full
	// VACUUM, once per database made by an older leakwatch).
	Vacuumed bool
}

// Prune deletes what is older than before: sightings whose line and recording are both
// older (a rescan of that time would count them again as new sightings of their incident,
// never as new incidents), delivered alert rows, and incident locations except each
// incident's latest. Then it returns the freed pages to the file system.
func (s *DB) Prune(ctx context.Context, before time.Time) (PruneResult, error) {
	var r PruneResult
	r.SizeBefore = s.size(ctx)
	b := toNS(before)
	steps := []struct {
		n *int64
		q string
	}{
		{&r.Sightings, `DELETE FROM sightings WHERE (source, line_id, rule_id, fingerprint) IN (SELECT source, line_id, rule_id, fingerprint
			FROM sightings WHERE recorded_ns < ?1 AND event_ns < ?1 LIMIT ?2)`},
		{&r.Alerts, `DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE sent_ns IS NOT NULL AND sent_ns < ?1 LIMIT ?2)`},
		{&r.Locations, `DELETE FROM incident_locations WHERE id IN (SELECT id FROM incident_locations l WHERE event_ns < ?1
			AND id != (SELECT MAX(id) FROM incident_locations WHERE incident_id = l.incident_id) LIMIT ?2)`},
	}
	for _, st := range steps {
		for {
			var n int64
			err := s.write(ctx, func(tx *sqlTx) error {
				res, err := tx.ExecContext(ctx, st.q, b, pruneBatch)
				if err != nil {
					return err
				}
				n, err = res.RowsAffected()
				return err
			})
			if err != nil {
				return r, fmt.Errorf("state: prune: %w", err)
			}
			*st.n += n
			if n < pruneBatch {
				break
			}
		}
	}
	vac, err := s.vacuum(ctx)
	if err != nil {
		return r, fmt.Errorf("state: prune: %w", err)
	}
	r.Vacuumed = vac
	r.SizeAfter = s.size(ctx)
	return r, nil
}

// vacuum hands free pages back: incremental_vacuum, then a WAL checkpoint that truncates the
// WAL and lets the database file shrink. A database created before incremental auto-vacuum
// was turned on is converted once with VACUUM (it rewrites the file: its size is needed
// free on disk for the time it runs).
func (s *DB) vacuum(ctx context.Context) (converted bool, err error) {
	if s.db.pg {
		// Autovacuum runs anyway; a plain VACUUM now makes the pruned rows' space reusable
		// at once (it is not returned to the file system, and takes no exclusive lock). It
		// cannot run inside a transaction, so it runs on its own.
		if _, err := s.db.ExecContext(ctx, `VACUUM sightings, outbox, incident_locations`); err != nil {
			return false, fmt.Errorf("vacuum: %w", err)
		}
		return false, nil
	}
	select {
	case s.wmu <- struct{}{}:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	defer func() { <-s.wmu }()
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return false, err
	}
	defer conn.Close()
	var mode int
	if err := conn.QueryRowContext(ctx, `PRAGMA auto_vacuum`).Scan(&mode); err != nil {
		return false, err
	}
	if mode != 2 {
		if _, err := conn.ExecContext(ctx, `PRAGMA auto_vacuum = INCREMENTAL`); err != nil {
			return false, err
		}
		if _, err := conn.ExecContext(ctx, `VACUUM`); err != nil {
			return false, fmt.Errorf("vacuum: %w%s", err, busyHint(err))
		}
		converted = true
	} else if _, err := conn.ExecContext(ctx, `PRAGMA incremental_vacuum`); err != nil {
		return false, fmt.Errorf("incremental vacuum: %w%s", err, busyHint(err))
	}
	// A reader (report, incidents list) may hold the WAL: then it is truncated next time.
	_, _ = conn.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return converted, nil
}

// size is the database file plus its WAL, in bytes; on PostgreSQL the database's size (0
// when it cannot be read: the size is informative).
func (s *DB) size(ctx context.Context) int64 {
	var n int64
	if s.db.pg {
		_ = s.db.QueryRowContext(ctx, `SELECT pg_database_size(current_database())`).Scan(&n)
		return n
	}
	for _, p := range []string{s.path, s.path + "-wal"} {
		if fi, err := os.Stat(p); err == nil {
			n += fi.Size()
		}
	}
	return n
}
