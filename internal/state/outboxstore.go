package state

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/leakwatch/leakwatch/alerting"
	"github.com/leakwatch/leakwatch/alerting/outbox"
)

// OutboxStore is the state as the outbox worker sees it (outbox.Store): items as the
// alerts the notifiers get, and the worker's errors.
type OutboxStore struct{ *DB }

var _ outbox.Store = OutboxStore{}

// ClaimAlerts implements outbox.Store.
func (s OutboxStore) ClaimAlerts(ctx context.Context, replica string, now time.Time, claim time.Duration, limit int) ([]outbox.Item, error) {
	its, err := s.DB.ClaimAlerts(ctx, replica, now, claim, limit)
	if err != nil {
		return nil, err
	}
	out := make([]outbox.Item, len(its))
	for i, it := range its {
		out[i] = workerItem(it)
	}
	return out, nil
}

// workerItem is an outbox item as the worker gets it.
func workerItem(it OutboxItem) outbox.Item {
	sg := it.Sighting
	return outbox.Item{
		Notifier: it.Notifier, Attempts: it.Attempts, InFlight: it.InFlight,
		Alert: alerting.Alert{
			ID: it.ID, Kind: alerting.Kind(it.Kind), IncidentID: it.IncidentID,
			RuleID: sg.RuleID, Description: sg.Description, Severity: sg.Severity, Source: sg.Source,
			Location: sg.Location, Link: sg.Link, Preview: sg.Preview, Fingerprint: sg.Fingerprint,
			EventTime: sg.EventTime, FirstSeen: it.FirstSeen, Count: it.Count, ThreadRef: it.ThreadRef,
			Verified: it.Verified, VerifyReason: it.VerifyReason,
		},
	}
}

// AlertSending implements outbox.Store.
func (s OutboxStore) AlertSending(ctx context.Context, id int64, replica string, claim time.Duration, at time.Time) error {
	return gone(s.DB.AlertSendingClaimed(ctx, id, replica, claim, at))
}

// AlertSent implements outbox.Store.
func (s OutboxStore) AlertSent(ctx context.Context, id int64, ref string, at time.Time) error {
	return gone(s.DB.AlertSent(ctx, id, ref, at))
}

// gone marks the state's "not found" as the outbox's "gone".
func gone(err error) error {
	if errors.Is(err, ErrNotFound) {
		return fmt.Errorf("%w: %w", outbox.ErrGone, err)
	}
	return err
}
