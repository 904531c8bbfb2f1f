package state

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// maxErrorText caps the stored error of a failed delivery.
const maxErrorText = 500

// DueAlerts implements Store. Items are returned oldest first, and an item waits while an
// older item of the same incident and notifier is still pending, so a thread's opening
// alert is delivered (or given up) before its replies and replies keep their order.
// limit <= 0 returns every due item. Claims are ignored: DueAlerts is for one replica (and
// for inspection); replicas sharing a store use ClaimAlerts.
func (s *DB) DueAlerts(ctx context.Context, now time.Time, limit int) ([]OutboxItem, error) {
	if limit <= 0 {
		limit = math.MaxInt64 // no limit (PostgreSQL has no LIMIT -1)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+itemColumns+` WHERE `+dueWhere+` ORDER BY o.id LIMIT ?2`, toNS(now), limit)
	if err != nil {
		return nil, fmt.Errorf("state: due alerts: %w", err)
	}
	out, err := scanItems(rows)
	if err != nil {
		return nil, fmt.Errorf("state: due alerts: %w", err)
	}
	return out, nil
}

// itemColumns selects an OutboxItem (see scanItems) from outbox o. The incident's head is
// read as Incident reads it: its oldest kept location h (by event time, then id), looked up
// once, else the first of its sources.
const itemColumns = `o.id, o.notifier, o.kind, o.incident_id, o.source, o.line_id, o.rule_id, o.severity, o.description,
			o.fingerprint, o.preview, o.event_ns, o.location, o.link, o.attempts, o.next_try_ns, o.created_ns,
			COALESCE(t.ref, ''), i.first_seen_ns, i.count, o.inflight_ns, i.verified, i.verify_reason,
			i.severity, i.description, i.preview,
			COALESCE(h.source, (SELECT MIN(s.source) FROM sightings s WHERE s.incident_id = o.incident_id), ''),
			COALESCE(h.location, ''), COALESCE(h.link, '')
		FROM outbox o
		JOIN incidents i ON i.id = o.incident_id
		LEFT JOIN thread_refs t ON t.incident_id = o.incident_id AND t.notifier = o.notifier
		LEFT JOIN incident_locations h ON h.id = (SELECT l.id FROM incident_locations l
			WHERE l.incident_id = o.incident_id ORDER BY l.event_ns, l.id LIMIT 1)`

// dueWhere is an outbox row o that is due at ?1: pending, its time come, and no older item
// of its thread pending.
const dueWhere = `o.sent_ns IS NULL AND o.gave_up_ns IS NULL AND o.next_try_ns <= ?1
			AND NOT EXISTS (SELECT 1 FROM outbox p
				WHERE p.incident_id = o.incident_id AND p.notifier = o.notifier AND p.id < o.id
					AND p.sent_ns IS NULL AND p.gave_up_ns IS NULL)`

func scanItems(rows *sql.Rows) ([]OutboxItem, error) {
	defer rows.Close()
	var out []OutboxItem
	for rows.Next() {
		var it OutboxItem
		var eventNS, nextNS, createdNS, firstNS int64
		var inflight sql.NullInt64
		sg, hd := &it.Sighting, &it.Incident
		if err := rows.Scan(&it.ID, &it.Notifier, &it.Kind, &it.IncidentID, &sg.Source, &sg.LineID, &sg.RuleID,
			&sg.Severity, &sg.Description, &sg.Fingerprint, &sg.Preview, &eventNS, &sg.Location, &sg.Link,
			&it.Attempts, &nextNS, &createdNS, &it.ThreadRef, &firstNS, &it.Count, &inflight, &it.Verified, &it.VerifyReason,
			&hd.Severity, &hd.Description, &hd.Preview, &hd.First.Source, &hd.First.Location, &hd.First.Link); err != nil {
			return nil, err
		}
		sg.EventTime, it.NextTry, it.CreatedAt, it.FirstSeen = fromNS(eventNS), fromNS(nextNS), fromNS(createdNS), fromNS(firstNS)
		it.InFlight = fromNull(inflight)
		out = append(out, it)
	}
	return out, rows.Err()
}

// ErrClaimLost is wrapped by AlertSendingClaimed when the replica's claim on the item
// expired: another replica may be delivering it.
var ErrClaimLost = errors.New("claim lost: it expired, another replica may be delivering this alert")

// ClaimAlerts claims for replica, for claim (by the database's clock on PostgreSQL), up to
// limit due items (as DueAlerts chooses them, limit <= 0: all) that no other replica holds
// an unexpired claim on, and returns them as DueAlerts does. Claims are per row: on
// PostgreSQL the rows are locked FOR UPDATE SKIP LOCKED, so replicas claiming at once never
// get the same item and never wait for each other. An item stays claimed until its claim
// expires or AlertSent or AlertFailed records its outcome. A replica's own claims are
// returned again: its one outbox worker skips items in a pass (a thread reply waiting for
// its parent, a delivery check backing off) and must find them at its next pass, not a
// claim later.
func (s *DB) ClaimAlerts(ctx context.Context, replica string, now time.Time, claim time.Duration, limit int) ([]OutboxItem, error) {
	if replica == "" || claim <= 0 {
		return nil, errors.New("state: claim alerts: empty replica id or non-positive claim")
	}
	if limit <= 0 {
		limit = math.MaxInt64
	}
	var out []OutboxItem
	err := s.tx(ctx, txClaim, "", func(tx *sqlTx) error {
		out = nil
		dbNow, err := tx.nowNS(ctx)
		if err != nil {
			return err
		}
		lock := ""
		if s.db.pg {
			// Only the outbox rows: the incidents joined stay free for page commits.
			lock = " FOR UPDATE OF o SKIP LOCKED"
		}
		rows, err := tx.QueryContext(ctx, `SELECT o.id FROM outbox o WHERE `+dueWhere+`
			AND (o.claim_until_ns IS NULL OR o.claim_until_ns <= ?2 OR o.claimed_by = ?4)
			ORDER BY o.id LIMIT ?3`+lock, toNS(now), dbNow, limit, replica)
		if err != nil {
			return err
		}
		var ids []any
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		in := "?" + strings.Repeat(", ?", len(ids)-1)
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET claimed_by = ?, claim_until_ns = ? WHERE id IN (`+in+`)`,
			append([]any{replica, dbNow + int64(claim)}, ids...)...); err != nil {
			return err
		}
		rows, err = tx.QueryContext(ctx, `SELECT `+itemColumns+` WHERE o.id IN (`+in+`) ORDER BY o.id`, ids...)
		if err != nil {
			return err
		}
		out, err = scanItems(rows)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("state: claim alerts for %s: %w", replica, err)
	}
	return out, nil
}

// AlertSent implements Store. Marking an item sent twice is a no-op. ref becomes the
// incident's thread for the notifier when the item opened it: a "new" alert, or a
// "reopened" one for a notifier that has no thread yet.
func (s *DB) AlertSent(ctx context.Context, id int64, ref string, at time.Time) error {
	if at.IsZero() {
		at = time.Now()
	}
	err := s.write(ctx, func(tx *sqlTx) error {
		var kind AlertKind
		var notifier string
		var incident int64
		var sent sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT kind, notifier, incident_id, sent_ns FROM outbox WHERE id = ?`, id).
			Scan(&kind, &notifier, &incident, &sent)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("outbox item %d: %w", id, ErrNotFound)
		}
		if err != nil {
			return err
		}
		if sent.Valid {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET sent_ns = ?, inflight_ns = NULL, claimed_by = NULL, claim_until_ns = NULL WHERE id = ?`, toNS(at), id); err != nil {
			return err
		}
		if ref == "" || kind == AlertSighting {
			return nil
		}
		// The row exists (enqueue creates it); the upsert covers a database edited by hand.
		_, err = tx.ExecContext(ctx, `INSERT INTO thread_refs (incident_id, notifier, ref, last_reply_ns) VALUES (?1, ?2, ?3, ?4)
			ON CONFLICT (incident_id, notifier) DO UPDATE SET ref = excluded.ref
			WHERE thread_refs.ref = '' OR ?5 = 'new'`, incident, notifier, ref, toNS(at), kind)
		return err
	})
	if err != nil {
		return fmt.Errorf("state: mark alert %d sent: %w", id, err)
	}
	return nil
}

// AlertSending implements Store. A later attempt replaces the time of an earlier unfinished
// one: that one was reconciled (or could not be) before this attempt began. It fails with
// ErrNotFound for an unknown, sent or given-up item: nothing should be sent for it. Claims
// are not checked: it is for one replica; replicas sharing a store use AlertSendingClaimed.
func (s *DB) AlertSending(ctx context.Context, id int64, at time.Time) error {
	return s.AlertSendingClaimed(ctx, id, "", 0, at)
}

// AlertSendingClaimed is AlertSending for a replica that claimed the item (ClaimAlerts): it
// fails with ErrClaimLost unless replica's claim on the item still holds, and, when claim >
// 0, extends the claim to claim from then, so the attempt it starts gets a whole claim
// before another replica may take the item (and find it in flight). An empty replica checks
// no claim.
func (s *DB) AlertSendingClaimed(ctx context.Context, id int64, replica string, claim time.Duration, at time.Time) error {
	if at.IsZero() {
		at = time.Now()
	}
	err := s.write(ctx, func(tx *sqlTx) error {
		if replica != "" {
			now, err := tx.nowNS(ctx)
			if err != nil {
				return err
			}
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE id = ? AND claimed_by = ? AND claim_until_ns > ?`,
				id, replica, now).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return fmt.Errorf("outbox item %d, replica %s: %w", id, replica, ErrClaimLost)
			}
			if claim > 0 {
				if _, err := tx.ExecContext(ctx, `UPDATE outbox SET claim_until_ns = ? WHERE id = ?`, now+int64(claim), id); err != nil {
					return err
				}
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE outbox SET inflight_ns = ?
			WHERE id = ? AND sent_ns IS NULL AND gave_up_ns IS NULL`, toNS(at), id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return fmt.Errorf("outbox item %d (unknown, sent or given up): %w", id, ErrNotFound)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("state: record alert %d sending: %w", id, err)
	}
	return nil
}

// AlertFailed implements Store. errText is cut to 500 bytes (on a rune boundary).
func (s *DB) AlertFailed(ctx context.Context, id int64, errText string, next time.Time) error {
	errText = truncate(errText, maxErrorText)
	err := s.write(ctx, func(tx *sqlTx) error {
		var res sql.Result
		var err error
		if next.IsZero() {
			res, err = tx.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, last_error = ?, gave_up_ns = ?, inflight_ns = NULL, claimed_by = NULL, claim_until_ns = NULL
				WHERE id = ? AND sent_ns IS NULL`, errText, time.Now().UnixNano(), id)
		} else {
			res, err = tx.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_try_ns = ?, inflight_ns = NULL, claimed_by = NULL, claim_until_ns = NULL
				WHERE id = ? AND sent_ns IS NULL`, errText, toNS(next), id)
		}
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return fmt.Errorf("outbox item %d (unknown or already sent): %w", id, ErrNotFound)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("state: record failed alert %d: %w", id, err)
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

// OutboxDepth implements Store.
func (s *DB) OutboxDepth(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE sent_ns IS NULL AND gave_up_ns IS NULL`).Scan(&n); err != nil {
		return 0, fmt.Errorf("state: outbox depth: %w", err)
	}
	return n, nil
}
