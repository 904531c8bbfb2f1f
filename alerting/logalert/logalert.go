// Package logalert is the notifier of last resort: it writes each alert as a structured log
// record at WARN. It is what a demo or a first run uses before Slack is configured, and it
// never fails, so the outbox drains.
package logalert

import (
	"context"
	"log/slog"

	"github.com/leakwatch/leakwatch/alerting"
)

// Name of the notifier in the outbox and in metrics.
const Name = "log"

// Notifier logs alerts.
type Notifier struct {
	logger *slog.Logger
}

var _ alerting.Notifier = (*Notifier)(nil)

// New returns a notifier writing to logger (slog.Default() when nil).
func New(logger *slog.Logger) *Notifier {
	if logger == nil {
		logger = slog.Default()
	}
	return &Notifier{logger: logger}
}

// Name returns "log".
func (n *Notifier) Name() string { return Name }

// Notify writes a as one WARN record "secret leaked". Only the Alert's redacted fields are
// logged. It never fails.
func (n *Notifier) Notify(ctx context.Context, a alerting.Alert) (string, bool, error) {
	attrs := []slog.Attr{
		slog.String("kind", string(a.Kind)),
		slog.Int64("incident_id", a.IncidentID),
		slog.Int64("alert_id", a.ID),
		slog.String("rule", a.RuleID),
		slog.String("severity", a.Severity),
		slog.String("description", a.Description),
		slog.String("source", a.Source),
		slog.String("location", a.Location),
		slog.String("preview", a.Preview),
		slog.String("fingerprint", a.Fingerprint),
		slog.Time("event_time", a.EventTime.UTC()),
	}
	if a.Link != "" {
		attrs = append(attrs, slog.String("link", a.Link))
	}
	if a.Verified != "" {
		attrs = append(attrs, slog.String("verified", string(a.Verified)), slog.String("verify_reason", a.VerifyReason))
	}
	if a.Count > 0 {
		attrs = append(attrs, slog.Int64("count", a.Count))
	}
	if !a.FirstSeen.IsZero() {
		attrs = append(attrs, slog.Time("first_seen", a.FirstSeen.UTC()))
	}
	n.logger.LogAttrs(ctx, slog.LevelWarn, "secret leaked", attrs...)
	return "", false, nil
}
