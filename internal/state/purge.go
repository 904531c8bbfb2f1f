package state

import (
	"context"
	"fmt"
	"time"
)

// PurgeStatus is what a store answered to a request to delete an incident's lines, as
// stored and printed.
type PurgeStatus string

// Purge statuses.
const (
	PurgeRequested    PurgeStatus = "requested"     // the store accepted the request; not yet processed
	PurgeProcessed    PurgeStatus = "processed"     // the store says it processed it; not yet confirmed gone
	PurgeDeleted      PurgeStatus = "deleted"       // confirmed: the lines no longer come back
	PurgeStillPresent PurgeStatus = "still_present" // processed, yet a query still returns a line
	PurgeRefused      PurgeStatus = "refused"       // the store refused (deletion disabled, no permission)
	PurgeFailed       PurgeStatus = "failed"        // transport or server error
	PurgeNotPossible  PurgeStatus = "not_possible"  // the store cannot delete lines (files)
)

// Purge is one request to delete an incident's lines from one source. Request holds what
// was asked (selectors, time ranges, document ids, previews), never a secret.
type Purge struct {
	ID          int64       `json:"id"`
	IncidentID  int64       `json:"incident_id"`
	Source      string      `json:"source"`
	Kind        string      `json:"kind"` // loki, elasticsearch, file
	Request     string      `json:"request"`
	RequestID   string      `json:"request_id,omitempty"` // the store's id of the request (Loki's X-Delete-Request-Id)
	Status      PurgeStatus `json:"status"`
	Outcome     string      `json:"outcome"` // what was found, in words
	RequestedAt time.Time   `json:"requested_at"`
	UpdatedAt   time.Time   `json:"updated_at"`
}

// SightingLine is one recorded line of an incident: what a purge must delete.
type SightingLine struct {
	Source    string
	LineID    string
	Location  string // Loki: "<selector> @ <RFC 3339 time>"; Elasticsearch: index/_id; file: path:line
	EventTime time.Time
}

// SightingLines lists the distinct lines an incident was seen in, oldest first. Sightings
// recorded before schema version 4 have no location; the incident's sample locations
// stand in for them.
func (s *DB) SightingLines(ctx context.Context, incident int64) ([]SightingLine, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT source, line_id, MAX(location), MIN(event_ns) AS ev FROM sightings
		WHERE incident_id = ? GROUP BY source, line_id ORDER BY ev, source, line_id`, incident)
	if err != nil {
		return nil, fmt.Errorf("state: lines of incident %d: %w", incident, err)
	}
	defer rows.Close()
	var out []SightingLine
	for rows.Next() {
		var l SightingLine
		var ev int64
		if err := rows.Scan(&l.Source, &l.LineID, &l.Location, &ev); err != nil {
			return nil, fmt.Errorf("state: lines of incident %d: %w", incident, err)
		}
		l.EventTime = fromNS(ev)
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("state: lines of incident %d: %w", incident, err)
	}
	return out, nil
}

// AddPurge records a purge request and returns its id.
func (s *DB) AddPurge(ctx context.Context, p Purge) (int64, error) {
	if p.RequestedAt.IsZero() {
		p.RequestedAt = time.Now()
	}
	var id int64
	err := s.write(ctx, func(tx *sqlTx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO purges (incident_id, source, kind, request, request_id, status, outcome,
			requested_ns, updated_ns) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, p.IncidentID, p.Source, p.Kind, p.Request,
			p.RequestID, string(p.Status), truncate(p.Outcome, maxErrorText), toNS(p.RequestedAt), toNS(p.RequestedAt)).Scan(&id)
	})
	if err != nil {
		return 0, fmt.Errorf("state: record purge of incident %d: %w", p.IncidentID, err)
	}
	return id, nil
}

// UpdatePurge records a purge's new status, outcome and request id.
func (s *DB) UpdatePurge(ctx context.Context, id int64, requestID string, status PurgeStatus, outcome string, at time.Time) error {
	if at.IsZero() {
		at = time.Now()
	}
	err := s.write(ctx, func(tx *sqlTx) error {
		res, err := tx.ExecContext(ctx, `UPDATE purges SET request_id = CASE WHEN ?1 = '' THEN request_id ELSE ?1 END,
			status = ?2, outcome = ?3, updated_ns = ?4 WHERE id = ?5`, requestID, string(status), truncate(outcome, maxErrorText), toNS(at), id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return fmt.Errorf("purge %d: %w", id, ErrNotFound)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("state: update purge %d: %w", id, err)
	}
	return nil
}

// PurgesByStatus counts purges per source kind and status (for leakwatch_purges).
func (s *DB) PurgesByStatus(ctx context.Context) (map[[2]string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT kind, status, COUNT(*) FROM purges GROUP BY kind, status`)
	if err != nil {
		return nil, fmt.Errorf("state: purges by status: %w", err)
	}
	defer rows.Close()
	out := map[[2]string]int{}
	for rows.Next() {
		var k, st string
		var n int
		if err := rows.Scan(&k, &st, &n); err != nil {
			return nil, fmt.Errorf("state: purges by status: %w", err)
		}
		out[[2]string{k, st}] = n
	}
	return out, rows.Err()
}

// purges loads an incident's purges, oldest first.
func purges(ctx context.Context, tx *sqlTx, in *Incident) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, source, kind, request, request_id, status, outcome, requested_ns, updated_ns
		FROM purges WHERE incident_id = ? ORDER BY id`, in.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		p := Purge{IncidentID: in.ID}
		var req, upd int64
		if err := rows.Scan(&p.ID, &p.Source, &p.Kind, &p.Request, &p.RequestID, &p.Status, &p.Outcome, &req, &upd); err != nil {
			return err
		}
		p.RequestedAt, p.UpdatedAt = fromNS(req), fromNS(upd)
		in.Purges = append(in.Purges, p)
	}
	return rows.Err()
}
