// Package alertstore connects alert delivery to the state, on the side that wires them, so
// neither imports the other: Outbox is the state as the outbox worker sees it
// (outbox.Store), and Resends reads what a receiver that forgets unrefreshed alerts
// (Alertmanager) is handed to re-post. Both turn the state's rows into alerting.Alert
// values, the only thing notifiers receive.
package alertstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/leakwatch/leakwatch/alerting"
	"github.com/leakwatch/leakwatch/alerting/outbox"
	"github.com/leakwatch/leakwatch/internal/state"
)

// Outbox is the state as the outbox worker sees it: items as the alerts the notifiers
// get, and the state's errors as the worker's.
type Outbox struct{ *state.DB }

var _ outbox.Store = Outbox{}

// ClaimAlerts implements outbox.Store.
func (s Outbox) ClaimAlerts(ctx context.Context, replica string, now time.Time, claim time.Duration, limit int) ([]outbox.Item, error) {
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
func workerItem(it state.OutboxItem) outbox.Item {
	sg, hd := it.Sighting, it.Incident
	return outbox.Item{
		Notifier: it.Notifier, Attempts: it.Attempts, InFlight: it.InFlight,
		Alert: alerting.Alert{
			ID: it.ID, Kind: alerting.Kind(it.Kind), IncidentID: it.IncidentID,
			RuleID: sg.RuleID, Description: sg.Description, Severity: sg.Severity, Source: sg.Source,
			Location: sg.Location, Link: sg.Link, Preview: sg.Preview, Fingerprint: sg.Fingerprint,
			EventTime: sg.EventTime, FirstSeen: it.FirstSeen, Count: it.Count, ThreadRef: it.ThreadRef,
			Verified: it.Verified, VerifyReason: it.VerifyReason,
			Incident: alerting.Incident{Severity: hd.Severity, Description: hd.Description, Preview: hd.Preview,
				Source: hd.First.Source, Location: hd.First.Location, Link: hd.First.Link},
		},
	}
}

// AlertSending implements outbox.Store.
func (s Outbox) AlertSending(ctx context.Context, id int64, replica string, claim time.Duration, at time.Time) error {
	return workerErr(s.DB.AlertSendingClaimed(ctx, id, replica, claim, at))
}

// AlertSent implements outbox.Store.
func (s Outbox) AlertSent(ctx context.Context, id int64, ref string, at time.Time) error {
	return workerErr(s.DB.AlertSent(ctx, id, ref, at))
}

// workerErr marks the state's "not found" as the outbox's "gone" and its lost claim as the
// outbox's.
func workerErr(err error) error {
	switch {
	case errors.Is(err, state.ErrNotFound):
		return fmt.Errorf("%w: %w", outbox.ErrGone, err)
	case errors.Is(err, state.ErrClaimLost):
		return fmt.Errorf("%w: %w", outbox.ErrClaimLost, err)
	}
	return err
}

// Incidents is the part of the state Resends reads.
type Incidents interface {
	Incidents(ctx context.Context, status state.Status) ([]state.Incident, error)
	ResolvedSince(ctx context.Context, since time.Time) ([]state.Incident, error)
}

// Resends lists what a resender re-posts: every open incident (firing) and every incident
// resolved since since (of kind alerting.KindResolved, EventTime the resolution), each as
// an alert with its Incident set as the outbox's alerts have it, so both paths post the
// same labels.
func Resends(ctx context.Context, st Incidents, since time.Time) ([]alerting.Alert, error) {
	open, err := st.Incidents(ctx, state.StatusOpen)
	if err != nil {
		return nil, err
	}
	resolved, err := st.ResolvedSince(ctx, since)
	if err != nil {
		return nil, err
	}
	out := make([]alerting.Alert, 0, len(open)+len(resolved))
	for _, in := range open {
		out = append(out, incidentAlert(in))
	}
	for _, in := range resolved {
		a := incidentAlert(in)
		a.Kind, a.EventTime = alerting.KindResolved, in.ResolvedAt
		out = append(out, a)
	}
	return out, nil
}

// incidentAlert is the alert that re-posts in (no outbox row: ID 0, no Kind), described by
// the incident as a whole and by its oldest kept location.
func incidentAlert(in state.Incident) alerting.Alert {
	hd := alerting.Incident{Severity: in.Severity, Description: in.Description, Preview: in.Preview}
	var at time.Time
	if len(in.Locations) > 0 {
		l := in.Locations[0]
		hd.Source, hd.Location, hd.Link, at = l.Source, l.Location, l.Link, l.EventTime
	} else if len(in.Sources) > 0 {
		hd.Source = in.Sources[0]
	}
	return alerting.Alert{
		IncidentID: in.ID, RuleID: in.RuleID, Severity: in.Severity, Description: in.Description,
		Preview: in.Preview, Fingerprint: in.Fingerprint, Source: hd.Source, Location: hd.Location, Link: hd.Link,
		EventTime: at, FirstSeen: in.FirstSeen, Count: in.Count, Verified: in.Verified, VerifyReason: in.VerifyReason,
		Incident: hd,
	}
}
