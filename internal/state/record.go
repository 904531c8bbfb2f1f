package state

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// RecordPage implements Store. A sighting already recorded (same source, line id, rule and
// fingerprint) changes nothing. A resolved incident is reopened only by a sighting whose
// event time is not before the resolution (or is unknown): a backfill finding an older line
// of an already handled leak must not raise it again; it is counted, silently.
func (s *DB) RecordPage(ctx context.Context, source string, sightings []Sighting, checkpoint []byte, opts RecordOptions) (PageResult, error) {
	var res PageResult
	if source == "" {
		return res, errors.New("state: record page: empty source name")
	}
	for i := range sightings {
		if err := validSighting(&sightings[i]); err != nil {
			return res, fmt.Errorf("state: record page of %s: sighting %d: %w", source, i, err)
		}
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	err := s.writeSource(ctx, source, func(tx *sqlTx) error {
		res = PageResult{}
		r := recorder{ctx: ctx, tx: tx, now: now, opts: opts, res: &res}
		defer r.close()
		for _, sg := range sightings {
			if sg.Source == "" {
				sg.Source = source
			}
			if err := r.record(sg); err != nil {
				return err
			}
		}
		if checkpoint != nil {
			if _, err := tx.ExecContext(ctx, `INSERT INTO sources (name, checkpoint) VALUES (?, ?)
				ON CONFLICT (name) DO UPDATE SET checkpoint = excluded.checkpoint`, source, checkpoint); err != nil {
				return fmt.Errorf("store checkpoint: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return PageResult{}, fmt.Errorf("state: record page of %s: %w", source, err)
	}
	return res, nil
}

// validSighting rejects input that cannot be a redacted finding. The fingerprint must look
// like a hex HMAC so a caller passing a secret by mistake fails loudly; errors never quote
// the values.
func validSighting(sg *Sighting) error {
	switch {
	case sg.RuleID == "":
		return errors.New("empty rule id")
	case sg.LineID == "":
		return fmt.Errorf("rule %s: empty line id", sg.RuleID)
	case sg.Fingerprint == "":
		return fmt.Errorf("rule %s: empty fingerprint", sg.RuleID)
	case !isHexFingerprint(sg.Fingerprint):
		return fmt.Errorf("rule %s: fingerprint is not a hex HMAC (16-128 lowercase hex digits)", sg.RuleID)
	}
	return nil
}

func isHexFingerprint(s string) bool {
	if len(s) < 16 || len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

type recorder struct {
	ctx   context.Context
	tx    *sqlTx
	now   time.Time
	opts  RecordOptions
	res   *PageResult
	stmts map[string]*sql.Stmt
}

// stmt prepares query once per page: parsing SQL dominated recording before.
func (r *recorder) stmt(query string) (*sql.Stmt, error) {
	if st, ok := r.stmts[query]; ok {
		return st, nil
	}
	st, err := r.tx.PrepareContext(r.ctx, query)
	if err != nil {
		return nil, err
	}
	if r.stmts == nil {
		r.stmts = map[string]*sql.Stmt{}
	}
	r.stmts[query] = st
	return st, nil
}

func (r *recorder) close() {
	for _, st := range r.stmts {
		st.Close()
	}
}

func (r *recorder) exec(query string, args ...any) (sql.Result, error) {
	st, err := r.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(r.ctx, args...)
}

func (r *recorder) queryRow(query string, args ...any) *sql.Row {
	st, err := r.stmt(query)
	if err != nil {
		// A Row cannot carry the error; run the query unprepared so Scan reports it.
		return r.tx.QueryRowContext(r.ctx, query, args...)
	}
	return st.QueryRowContext(r.ctx, args...)
}

func (r *recorder) record(sg Sighting) error {
	event := sg.EventTime
	if event.IsZero() {
		event = r.now
	}
	eventNS := toNS(event)

	var (
		id         int64
		status     Status
		resolvedAt sql.NullInt64
	)
	err := r.queryRow(`SELECT id, status, resolved_at_ns FROM incidents WHERE rule_id = ? AND fingerprint = ?`,
		sg.RuleID, sg.Fingerprint).Scan(&id, &status, &resolvedAt)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return r.open(sg, eventNS)
	case err != nil:
		return fmt.Errorf("look up incident: %w", err)
	}

	// The incident exists: the sighting may be a line read before.
	res, err := r.exec(`INSERT INTO sightings (source, line_id, rule_id, fingerprint, incident_id, event_ns, recorded_ns, location)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, sg.Source, sg.LineID, sg.RuleID, sg.Fingerprint, id, eventNS, toNS(r.now), sg.Location)
	if err != nil {
		return fmt.Errorf("insert sighting: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("insert sighting: %w", err)
	} else if n == 0 {
		return nil
	}
	r.newSighting(sg.RuleID)
	if err := r.verdict(id, sg); err != nil {
		return err
	}

	reopen := status == StatusResolved && (sg.EventTime.IsZero() || !resolvedAt.Valid || eventNS >= resolvedAt.Int64)
	if reopen {
		_, err = r.exec(`UPDATE incidents SET status = 'open', resolved_at_ns = NULL, resolved_by = NULL,
			count = count + 1, first_seen_ns = LEAST(first_seen_ns, ?1), last_seen_ns = GREATEST(last_seen_ns, ?1) WHERE id = ?2`, eventNS, id)
	} else {
		_, err = r.exec(`UPDATE incidents SET
			count = count + 1, first_seen_ns = LEAST(first_seen_ns, ?1), last_seen_ns = GREATEST(last_seen_ns, ?1) WHERE id = ?2`, eventNS, id)
	}
	if err != nil {
		return fmt.Errorf("update incident %d: %w", id, err)
	}
	if err := r.addLocation(id, sg, eventNS); err != nil {
		return err
	}
	switch {
	case reopen:
		r.res.Reopened = append(r.res.Reopened, id)
		for _, n := range r.opts.Notifiers {
			if err := r.enqueue(n, AlertReopened, id, sg, eventNS); err != nil {
				return err
			}
		}
	case status == StatusOpen && r.opts.ReplyEvery > 0:
		for _, n := range r.opts.Notifiers {
			var last int64
			err := r.queryRow(`SELECT last_reply_ns FROM thread_refs WHERE incident_id = ? AND notifier = ?`, id, n).Scan(&last)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("read thread of incident %d: %w", id, err)
			}
			// A notifier added after the incident opened has no row: its first reply is due.
			if err == nil && r.now.Sub(fromNS(last)) < r.opts.ReplyEvery {
				continue
			}
			if err := r.enqueue(n, AlertSighting, id, sg, eventNS); err != nil {
				return err
			}
		}
	}
	return nil
}

func (r *recorder) newSighting(rule string) {
	r.res.NewSightings++
	if r.res.NewByRule == nil {
		r.res.NewByRule = map[string]int{}
	}
	r.res.NewByRule[rule]++
}

// open creates the incident of a first sighting and enqueues its "new" alerts.
func (r *recorder) open(sg Sighting, eventNS int64) error {
	var id int64
	if err := r.queryRow(`INSERT INTO incidents (rule_id, fingerprint, severity, description, preview, status,
		first_seen_ns, last_seen_ns, count, created_ns) VALUES (?, ?, ?, ?, ?, 'open', ?, ?, 1, ?) RETURNING id`,
		sg.RuleID, sg.Fingerprint, sg.Severity, sg.Description, sg.Preview, eventNS, eventNS, toNS(r.now)).Scan(&id); err != nil {
		return fmt.Errorf("open incident: %w", err)
	}
	if _, err := r.exec(`INSERT INTO sightings (source, line_id, rule_id, fingerprint, incident_id, event_ns, recorded_ns, location)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, sg.Source, sg.LineID, sg.RuleID, sg.Fingerprint, id, eventNS, toNS(r.now), sg.Location); err != nil {
		return fmt.Errorf("insert sighting: %w", err)
	}
	r.newSighting(sg.RuleID)
	if err := r.verdict(id, sg); err != nil {
		return err
	}
	r.res.Opened = append(r.res.Opened, id)
	if err := r.addLocation(id, sg, eventNS); err != nil {
		return err
	}
	for _, n := range r.opts.Notifiers {
		if err := r.enqueue(n, AlertNew, id, sg, eventNS); err != nil {
			return err
		}
	}
	return nil
}

// verdict stores a sighting's live verification verdict on its incident; a live secret
// makes the incident critical (and it stays so). An "unknown" (the issuer could not be
// asked) does not replace an earlier live or revoked verdict.
func (r *recorder) verdict(id int64, sg Sighting) error {
	if sg.Verified == "" {
		return nil
	}
	if _, err := r.exec(`UPDATE incidents SET verified = ?1, verify_reason = ?2, verified_ns = ?3,
		severity = CASE WHEN ?1 = 'live' THEN 'critical' ELSE severity END
		WHERE id = ?4 AND (?1 != 'unknown' OR verified IN ('', 'unknown'))`,
		string(sg.Verified), sg.VerifyReason, toNS(r.now), id); err != nil {
		return fmt.Errorf("store verdict of incident %d: %w", id, err)
	}
	return nil
}

// addLocation keeps the first MaxLocations-1 locations and, in the last slot, the one with
// the latest event time.
func (r *recorder) addLocation(id int64, sg Sighting, eventNS int64) error {
	var n int
	var lastID, lastNS sql.NullInt64
	if err := r.queryRow(`SELECT COUNT(*), MAX(id), (SELECT event_ns FROM incident_locations WHERE incident_id = ?1 ORDER BY id DESC LIMIT 1)
		FROM incident_locations WHERE incident_id = ?1`, id).Scan(&n, &lastID, &lastNS); err != nil {
		return fmt.Errorf("read locations of incident %d: %w", id, err)
	}
	var err error
	switch {
	case n < MaxLocations:
		_, err = r.exec(`INSERT INTO incident_locations (incident_id, source, location, link, event_ns) VALUES (?, ?, ?, ?, ?)`,
			id, sg.Source, sg.Location, sg.Link, eventNS)
	case eventNS >= lastNS.Int64:
		_, err = r.exec(`UPDATE incident_locations SET source = ?, location = ?, link = ?, event_ns = ? WHERE id = ?`,
			sg.Source, sg.Location, sg.Link, eventNS, lastID.Int64)
	}
	if err != nil {
		return fmt.Errorf("add location to incident %d: %w", id, err)
	}
	return nil
}

// enqueue adds one outbox row and records the enqueue time as the thread's last reply.
func (r *recorder) enqueue(notifier string, kind AlertKind, id int64, sg Sighting, eventNS int64) error {
	nowNS := toNS(r.now)
	if _, err := r.exec(`INSERT INTO outbox (notifier, kind, incident_id, source, line_id, rule_id, severity, description,
		fingerprint, preview, event_ns, location, link, next_try_ns, created_ns) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		notifier, string(kind), id, sg.Source, sg.LineID, sg.RuleID, sg.Severity, sg.Description,
		sg.Fingerprint, sg.Preview, eventNS, sg.Location, sg.Link, nowNS, nowNS); err != nil {
		return fmt.Errorf("enqueue %s alert of incident %d for %s: %w", kind, id, notifier, err)
	}
	if _, err := r.exec(`INSERT INTO thread_refs (incident_id, notifier, last_reply_ns) VALUES (?, ?, ?)
		ON CONFLICT (incident_id, notifier) DO UPDATE SET last_reply_ns = excluded.last_reply_ns`, id, notifier, nowNS); err != nil {
		return fmt.Errorf("enqueue %s alert of incident %d for %s: %w", kind, id, notifier, err)
	}
	r.res.Enqueued++
	return nil
}

// Checkpoint implements Store.
func (s *DB) Checkpoint(ctx context.Context, source string) ([]byte, error) {
	var cp []byte
	err := s.db.QueryRowContext(ctx, `SELECT checkpoint FROM sources WHERE name = ?`, source).Scan(&cp)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("state: checkpoint of %s: %w", source, err)
	}
	return cp, nil
}
