package state

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

const incidentColumns = `id, rule_id, severity, description, fingerprint, preview, status,
	first_seen_ns, last_seen_ns, count, resolved_at_ns, COALESCE(resolved_by, ''), verified, verify_reason, verified_ns`

func scanIncident(row interface{ Scan(...any) error }) (Incident, error) {
	var in Incident
	var first, last int64
	var resolved, verified sql.NullInt64
	err := row.Scan(&in.ID, &in.RuleID, &in.Severity, &in.Description, &in.Fingerprint, &in.Preview, &in.Status,
		&first, &last, &in.Count, &resolved, &in.ResolvedBy, &in.Verified, &in.VerifyReason, &verified)
	in.FirstSeen, in.LastSeen, in.ResolvedAt, in.VerifiedAt = fromNS(first), fromNS(last), fromNull(resolved), fromNull(verified)
	return in, err
}

// Incidents implements Store: status "" (all), StatusOpen or StatusResolved; most recently
// seen first.
func (s *DB) Incidents(ctx context.Context, status Status) ([]Incident, error) {
	if status != "" && status != StatusOpen && status != StatusResolved {
		return nil, fmt.Errorf("state: incidents: status %q: want open, resolved or empty for all", status)
	}
	// One read transaction: the incidents and their details are one snapshot.
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("state: incidents: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT `+incidentColumns+` FROM incidents
		WHERE ?1 = '' OR status = ?1 ORDER BY last_seen_ns DESC, id DESC`, string(status))
	if err != nil {
		return nil, fmt.Errorf("state: incidents: %w", err)
	}
	var out []Incident
	for rows.Next() {
		in, err := scanIncident(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("state: incidents: %w", err)
		}
		out = append(out, in)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("state: incidents: %w", err)
	}
	for i := range out {
		if err := details(ctx, tx, &out[i]); err != nil {
			return nil, fmt.Errorf("state: incidents: %w", err)
		}
	}
	return out, nil
}

// ResolvedSince lists the incidents resolved at or after since, most recently seen first
// (Alertmanager keeps being told of recent resolutions).
func (s *DB) ResolvedSince(ctx context.Context, since time.Time) ([]Incident, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("state: resolved incidents: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT `+incidentColumns+` FROM incidents
		WHERE status = 'resolved' AND resolved_at_ns >= ? ORDER BY last_seen_ns DESC, id DESC`, toNS(since))
	if err != nil {
		return nil, fmt.Errorf("state: resolved incidents: %w", err)
	}
	var out []Incident
	for rows.Next() {
		in, err := scanIncident(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("state: resolved incidents: %w", err)
		}
		out = append(out, in)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("state: resolved incidents: %w", err)
	}
	for i := range out {
		if err := details(ctx, tx, &out[i]); err != nil {
			return nil, fmt.Errorf("state: resolved incidents: %w", err)
		}
	}
	return out, nil
}

// Incident implements Store.
func (s *DB) Incident(ctx context.Context, id int64) (Incident, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return Incident{}, fmt.Errorf("state: incident %d: %w", id, err)
	}
	defer tx.Rollback()
	in, err := scanIncident(tx.QueryRowContext(ctx, `SELECT `+incidentColumns+` FROM incidents WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Incident{}, fmt.Errorf("state: incident %d: %w (list them with: leakwatch incidents)", id, ErrNotFound)
	}
	if err == nil {
		err = details(ctx, tx, &in)
	}
	if err != nil {
		return Incident{}, fmt.Errorf("state: incident %d: %w", id, err)
	}
	return in, nil
}

// details loads an incident's locations (oldest event first), sources and thread refs.
func details(ctx context.Context, tx *sqlTx, in *Incident) error {
	rows, err := tx.QueryContext(ctx, `SELECT source, location, link, event_ns FROM incident_locations
		WHERE incident_id = ? ORDER BY event_ns, id`, in.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var l Location
		var ev int64
		if err := rows.Scan(&l.Source, &l.Location, &l.Link, &ev); err != nil {
			rows.Close()
			return err
		}
		l.EventTime = fromNS(ev)
		in.Locations = append(in.Locations, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}

	rows, err = tx.QueryContext(ctx, `SELECT DISTINCT source FROM sightings WHERE incident_id = ? ORDER BY source`, in.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var src string
		if err := rows.Scan(&src); err != nil {
			rows.Close()
			return err
		}
		in.Sources = append(in.Sources, src)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}

	if err := purges(ctx, tx, in); err != nil {
		return err
	}
	rows, err = tx.QueryContext(ctx, `SELECT notifier, ref FROM thread_refs WHERE incident_id = ? AND ref != ''`, in.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var n, ref string
		if err := rows.Scan(&n, &ref); err != nil {
			return err
		}
		if in.ThreadRefs == nil {
			in.ThreadRefs = map[string]string{}
		}
		in.ThreadRefs[n] = ref
	}
	return rows.Err()
}

// Resolve implements Store. Resolving an unknown incident wraps ErrNotFound; resolving one
// that is not open wraps ErrAlreadyResolved.
func (s *DB) Resolve(ctx context.Context, id int64, by string, at time.Time) error {
	return s.ResolveNotify(ctx, id, by, at, nil)
}

// ResolveNotify is Resolve that also enqueues, in the same transaction, one "resolved"
// alert for each of notifiers (the receivers that act on resolutions, such as
// Alertmanager): a resolution is a state change delivered exactly like the others. The
// row describes the incident's first location; its event time is the resolution.
func (s *DB) ResolveNotify(ctx context.Context, id int64, by string, at time.Time, notifiers []string) error {
	if at.IsZero() {
		at = time.Now()
	}
	err := s.write(ctx, func(tx *sqlTx) error {
		var status Status
		err := tx.QueryRowContext(ctx, `SELECT status FROM incidents WHERE id = ?`, id).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w (list them with: leakwatch incidents)", ErrNotFound)
		}
		if err != nil {
			return err
		}
		if status != StatusOpen {
			return ErrAlreadyResolved
		}
		if _, err = tx.ExecContext(ctx, `UPDATE incidents SET status = 'resolved', resolved_at_ns = ?, resolved_by = ? WHERE id = ?`,
			toNS(at), by, id); err != nil {
			return err
		}
		for _, n := range notifiers {
			// Due at once (real time: at may be a back-dated resolution).
			nowNS := time.Now().UnixNano()
			if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (notifier, kind, incident_id, source, line_id, rule_id, severity,
					description, fingerprint, preview, event_ns, location, link, next_try_ns, created_ns)
				SELECT ?1, 'resolved', i.id, COALESCE(l.source, ''), '', i.rule_id, i.severity, i.description,
					i.fingerprint, i.preview, CAST(?2 AS BIGINT), COALESCE(l.location, ''), COALESCE(l.link, ''), LEAST(CAST(?2 AS BIGINT), CAST(?3 AS BIGINT)), CAST(?3 AS BIGINT)
				FROM incidents i
				LEFT JOIN incident_locations l ON l.id = (SELECT MIN(id) FROM incident_locations WHERE incident_id = i.id)
				WHERE i.id = ?4`, n, toNS(at), nowNS, id); err != nil {
				return fmt.Errorf("enqueue resolved alert for %s: %w", n, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("state: resolve incident %d: %w", id, err)
	}
	return nil
}

// OpenBySeverity implements Store.
func (s *DB) OpenBySeverity(ctx context.Context) (map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT severity, COUNT(*) FROM incidents WHERE status = 'open' GROUP BY severity`)
	if err != nil {
		return nil, fmt.Errorf("state: open incidents by severity: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var sev string
		var n int
		if err := rows.Scan(&sev, &n); err != nil {
			return nil, fmt.Errorf("state: open incidents by severity: %w", err)
		}
		out[sev] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("state: open incidents by severity: %w", err)
	}
	return out, nil
}

// LastSighting is the event time of the most recent sighting of any leaked secret (ok false
// when there has never been an incident): "days since last incident" survives restarts.
func (s *DB) LastSighting(ctx context.Context) (time.Time, bool, error) {
	var ns sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT MAX(last_seen_ns) FROM incidents`).Scan(&ns); err != nil {
		return time.Time{}, false, fmt.Errorf("state: last sighting: %w", err)
	}
	if !ns.Valid {
		return time.Time{}, false, nil
	}
	return fromNS(ns.Int64), true, nil
}

// OpenBySeverityVerified counts open incidents per severity and live verification verdict
// ("unchecked" when never verified), for leakwatch_incidents_open{severity,verified}.
func (s *DB) OpenBySeverityVerified(ctx context.Context) (map[[2]string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT severity, CASE WHEN verified = '' THEN 'unchecked' ELSE verified END, COUNT(*)
		FROM incidents WHERE status = 'open' GROUP BY 1, 2`)
	if err != nil {
		return nil, fmt.Errorf("state: open incidents by severity: %w", err)
	}
	defer rows.Close()
	out := map[[2]string]int{}
	for rows.Next() {
		var sev, ver string
		var n int
		if err := rows.Scan(&sev, &ver, &n); err != nil {
			return nil, fmt.Errorf("state: open incidents by severity: %w", err)
		}
		out[[2]string{sev, ver}] = n
	}
	return out, rows.Err()
}
