// Package state is leakwatch's memory: watermarks and checkpoints per source, incidents,
// sightings keyed by line identity, the alert outbox and the coverage ledger. One store type,
// DB, runs on SQLite (OpenSQLite: modernc.org/sqlite, no cgo, one replica) or on PostgreSQL
// (OpenPostgres: shared by several replicas, which coordinate through leases and outbox
// claims, see coord.go); Open takes the Options its caller filled in from the config. The
// state imports no config, source or notifier package: the outbox and the notifiers reach
// it through adapters on the side that wires them.
//
// Nothing here stores a secret: only rule ids, redacted previews and HMAC fingerprints.
package state

import (
	"context"
	"errors"
	"time"

	"github.com/leakwatch/leakwatch/internal/verdict"
)

// ErrNotFound is returned for an unknown incident.
var ErrNotFound = errors.New("not found")

// ErrAlreadyResolved is returned when resolving an incident that is not open.
var ErrAlreadyResolved = errors.New("already resolved")

// Status of an incident, as stored.
type Status string

// Incident statuses.
const (
	StatusOpen     Status = "open"
	StatusResolved Status = "resolved"
)

// AlertKind is what an outbox row tells its notifier, as stored (the values of
// alerting.Kind, which the outbox's adapter converts to).
type AlertKind string

// Alert kinds.
const (
	AlertNew      AlertKind = "new"      // first sighting: opens the incident's thread
	AlertReopened AlertKind = "reopened" // a resolved incident seen again
	AlertSighting AlertKind = "sighting" // a later sighting: a rate-limited thread reply
	AlertResolved AlertKind = "resolved" // the incident was resolved
)

// Sighting is one finding on one line.
type Sighting struct {
	Source      string
	LineID      string // with Source, the line's identity: the same line read twice is one sighting
	RuleID      string
	Severity    string
	Description string
	Fingerprint string // full hex HMAC
	Preview     string
	EventTime   time.Time // the log line's time
	Location    string
	Link        string
	// Verified and VerifyReason carry the live verification's verdict of this sighting's
	// secret ("" when not checked now); a verdict is stored on the incident.
	Verified     verdict.Verdict
	VerifyReason string
}

// Incident is one leaked secret: (rule, fingerprint).
type Incident struct {
	ID          int64
	RuleID      string
	Severity    string
	Description string
	Fingerprint string
	Preview     string
	Status      Status
	FirstSeen   time.Time
	LastSeen    time.Time
	Count       int64      // distinct sightings
	Locations   []Location // a few sample locations, oldest first
	Sources     []string
	ResolvedAt  time.Time
	ResolvedBy  string
	ThreadRefs  map[string]string // notifier name -> receiver's message reference (Slack ts)
	// Verified is the verdict of the opt-in live verification ("" when never checked):
	// "live", "revoked" or "unknown", with its reason and time.
	Verified     verdict.Verdict
	VerifyReason string
	VerifiedAt   time.Time
	// Purges are the purge requests made for the incident, oldest first.
	Purges []Purge
}

// Location is one place the secret was seen.
type Location struct {
	Source    string    `json:"source"`
	Location  string    `json:"location"`
	Link      string    `json:"link,omitempty"`
	EventTime time.Time `json:"event_time"`
}

// PageResult reports what recording a page changed.
type PageResult struct {
	NewSightings int // sightings not seen before (by source + line id + rule + fingerprint)
	Opened       []int64
	Reopened     []int64
	Enqueued     int // outbox rows added
	// NewByRule counts NewSightings per rule id (for leakwatch_hits_total{rule}).
	NewByRule map[string]int
}

// OutboxItem is one alert waiting for one notifier.
type OutboxItem struct {
	ID         int64
	Notifier   string
	Kind       AlertKind
	IncidentID int64
	Sighting   Sighting // the sighting that caused it (redacted data only)
	Attempts   int
	NextTry    time.Time
	CreatedAt  time.Time
	// ThreadRef is the incident's thread reference for this notifier ("" when none yet).
	ThreadRef string
	// FirstSeen and Count are the incident's, current when the item is read.
	FirstSeen time.Time
	Count     int64
	// Verified and VerifyReason are the incident's live verification verdict, current when
	// the item is read.
	Verified     verdict.Verdict
	VerifyReason string
	// InFlight is when a delivery attempt started that never recorded its outcome (the
	// process died during it, or recording the outcome failed); zero otherwise. The receiver
	// may already have the alert.
	InFlight time.Time
	// Incident is the incident as a whole, current when the item is read: a receiver that
	// identifies an alert by its incident (Alertmanager's labels) builds every alert of it
	// from these, whichever sighting caused the alert.
	Incident IncidentHead
}

// IncidentHead is what an outbox item says about its incident as a whole.
type IncidentHead struct {
	Severity, Description, Preview string
	// First is the incident's oldest kept location (Incident.Locations[0]), without its
	// event time; when none is kept, only First.Source is set: the first of the incident's
	// sources (Incident.Sources[0]).
	First Location
}

// RecordOptions tell RecordPage which notifiers to enqueue for and how often a later
// sighting may produce a thread reply.
type RecordOptions struct {
	Notifiers []string
	// ReplyEvery is the minimum time between two "sighting" replies of one incident per
	// notifier; 0 disables replies.
	ReplyEvery time.Duration
	Now        time.Time
}

// Interval is a covered half-open time range [From, To).
type Interval struct {
	From, To time.Time
}

// Store is the state. Every method is safe for concurrent use.
type Store interface {
	// RecordPage records the sightings of one page, opens or reopens incidents, enqueues one
	// alert per new/reopened incident per notifier (and rate-limited sighting replies), and
	// stores checkpoint (when non-nil) for source, all in one transaction.
	RecordPage(ctx context.Context, source string, sightings []Sighting, checkpoint []byte, opts RecordOptions) (PageResult, error)
	// Checkpoint returns the source's last stored checkpoint (nil when none).
	Checkpoint(ctx context.Context, source string) ([]byte, error)
	// Watermark returns the time up to which source is covered (ok false when never scanned).
	Watermark(ctx context.Context, source string) (t time.Time, ok bool, err error)
	// Cover records [from, to) as fully scanned for source, merged into the ledger, and moves
	// the watermark to the end of the merged interval when that interval reaches back to the
	// watermark (or there is none yet): the watermark never jumps over a hole.
	Cover(ctx context.Context, source string, from, to time.Time) error
	// CoverScanned is Cover plus the lines and bytes read, recorded in the same transaction.
	CoverScanned(ctx context.Context, source string, from, to time.Time, lines, bytes int64) error
	// Coverage lists the merged covered intervals of source that overlap [from, to).
	Coverage(ctx context.Context, source string, from, to time.Time) ([]Interval, error)

	// DueAlerts returns up to limit outbox items whose NextTry <= now, oldest first.
	DueAlerts(ctx context.Context, now time.Time, limit int) ([]OutboxItem, error)
	// AlertSending records (commits) that a delivery attempt of the item starts at at. It
	// stays set until AlertSent or AlertFailed records the outcome, so after a crash
	// DueAlerts reports the unfinished attempt in OutboxItem.InFlight.
	AlertSending(ctx context.Context, id int64, at time.Time) error
	// AlertSent marks an item delivered (it is never returned again) and keeps ref as the
	// incident's thread reference for that notifier when the item opened the thread.
	AlertSent(ctx context.Context, id int64, ref string, at time.Time) error
	// AlertFailed records a failed attempt; the item is retried at next. A permanent failure
	// passes next zero and gives up the item (kept for inspection, never retried).
	AlertFailed(ctx context.Context, id int64, errText string, next time.Time) error
	// OutboxDepth counts undelivered, not given-up items.
	OutboxDepth(ctx context.Context) (int, error)

	Incidents(ctx context.Context, status Status) ([]Incident, error) // status "" lists all
	Incident(ctx context.Context, id int64) (Incident, error)
	Resolve(ctx context.Context, id int64, by string, at time.Time) error
	// OpenBySeverity counts open incidents per severity.
	OpenBySeverity(ctx context.Context) (map[string]int, error)

	Close() error
}

// Coordinator is how replicas sharing a store divide the sources (see coord.go). DB
// implements it on both engines.
type Coordinator interface {
	// Heartbeat records replica as alive and returns the live replicas, sorted.
	Heartbeat(ctx context.Context, replica string, ttl time.Duration) (live []string, err error)
	// Acquire takes or renews source's lease for replica (ok false: another live owner,
	// described by the Lease).
	Acquire(ctx context.Context, source, replica string, ttl time.Duration) (Lease, bool, error)
	// Release gives the lease up when replica still holds it with generation.
	Release(ctx context.Context, source, replica string, generation int64) error
	// Leases lists every source's lease.
	Leases(ctx context.Context) ([]Lease, error)
}

var _ Coordinator = (*DB)(nil)
