// Package alerting defines notifications of incidents. One package per receiver implements
// Notifier (alerting/slack, alerting/webhook); delivery retries live in one place, the outbox
// worker, which asks the receiver whether a failure is worth retrying. Notifiers receive
// Alerts and never read the state: everything they post comes in the Alert (the state is
// adapted to the outbox on the side that wires them, internal/alertstore).
package alerting

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch/internal/verdict"
)

// Kind of alert.
type Kind string

const (
	KindNew      Kind = "new"      // first sighting of a secret: one per incident
	KindReopened Kind = "reopened" // a resolved incident seen again
	KindSighting Kind = "sighting" // a later sighting: a rate-limited thread reply
	KindResolved Kind = "resolved" // the incident was resolved; EventTime is the resolution
)

// ResolutionNotifier is a Notifier that acts on KindResolved alerts (Alertmanager ends its
// alert). The outbox worker marks resolved alerts for other notifiers done without calling
// them: a chat message per resolution was never asked for.
type ResolutionNotifier interface {
	Notifier
	NotifiesResolutions() bool
}

// WantsResolutions reports whether n acts on KindResolved alerts.
func WantsResolutions(n Notifier) bool {
	r, ok := n.(ResolutionNotifier)
	return ok && r.NotifiesResolutions()
}

// Alert carries only redacted data: never a secret, never a raw log line.
type Alert struct {
	ID          int64 // outbox id, stable across retries (idempotency key for receivers)
	Kind        Kind
	IncidentID  int64
	RuleID      string
	Description string
	Severity    string
	Source      string
	Location    string // file:line, stream labels, index/_id
	Link        string // deep link to the line
	Preview     string // redacted preview, e.g. sk_live_…a1b2
	Fingerprint string // short fingerprint
	EventTime   time.Time
	FirstSeen   time.Time
	Count       int64
	// ThreadRef is the receiver's reference of the incident's first message (a Slack ts), set
	// for replies when the receiver returned one for the first alert.
	ThreadRef string
	// Verified is the live verification's verdict of the secret ("" when not checked) and
	// VerifyReason its reason.
	Verified     verdict.Verdict
	VerifyReason string
	// Incident is the incident as a whole, current when the alert is delivered or re-posted;
	// zero when the sender has only the sighting.
	Incident Incident
}

// Incident is what an alert says about its incident as a whole rather than about the
// sighting that caused it. A receiver that identifies an alert by its incident
// (Alertmanager's labels) builds every alert of the incident from it, so the outbox's
// alerts and the re-posts carry the same labels whichever sighting caused them.
type Incident struct {
	Severity, Description, Preview string
	// Source, Location and Link are the incident's oldest kept location; when none is kept,
	// Source is the first of the sources it was seen in.
	Source, Location, Link string
}

// Notifier delivers alerts to one receiver.
type Notifier interface {
	Name() string
	// Notify sends one alert. ref is the receiver's reference of the message (Slack's ts),
	// kept to thread later alerts of the same incident. retry says whether a failure is worth
	// retrying.
	Notify(ctx context.Context, a Alert) (ref string, retry bool, err error)
}

// RetryAfterError asks the retry stage to wait at least After (a 429's Retry-After).
type RetryAfterError struct {
	After time.Duration
	Err   error
}

func (e *RetryAfterError) Error() string { return e.Err.Error() }
func (e *RetryAfterError) Unwrap() error { return e.Err }

// RetryAfter returns the wait a receiver asked for, if any.
func RetryAfter(err error) (time.Duration, bool) {
	var ra *RetryAfterError
	if errors.As(err, &ra) {
		return ra.After, true
	}
	return 0, false
}

// Inert makes text built from log data (a location, a path, a rule's description) safe to
// hand to a receiver that may render it as markup or chat text (Alertmanager templates,
// webhook consumers forwarding to chat or e-mail): angle brackets and ampersands become
// look-alikes, so no <!channel>, <url|label>, <script> or &entity; survives, and @here,
// @channel and @everyone are broken by a word joiner. Slack's own notifier escapes instead.
func Inert(s string) string {
	if !strings.ContainsAny(s, "<>&@") {
		return s
	}
	return BreakMentions(inertReplacer.Replace(s))
}

// BreakMentions breaks @here, @channel and @everyone (any case) with a word joiner, so that
// no chat client or link_names setting turns them into a notification of a whole channel.
func BreakMentions(s string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteByte(s[i])
		if s[i] != '@' {
			continue
		}
		rest := strings.ToLower(s[i+1:])
		for _, m := range []string{"here", "channel", "everyone"} {
			if strings.HasPrefix(rest, m) {
				b.WriteString("\u2060")
				break
			}
		}
	}
	return b.String()
}

var inertReplacer = strings.NewReplacer("<", "‹", ">", "›", "&", "＆")
