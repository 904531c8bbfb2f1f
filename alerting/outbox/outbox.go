// Package outbox is the single retry stage of alert delivery. A Worker reads due items from the
// state's outbox, hands each to its notifier, and records the outcome: sent (with the
// receiver's reference, which threads later alerts), retry later (exponential backoff with
// jitter, at least a receiver's Retry-After), or given up when the receiver says retrying is
// pointless. Receivers only classify failures; only the worker decides when to try again.
//
// # Delivery guarantees
//
// Before calling a notifier the worker commits that an attempt started (AlertSending); the
// outcome (sent, retry, given up) clears it. An item still marked after a restart was cut
// short by a crash, and a failed attempt that may have delivered anyway (a timeout, a 5xx)
// is remembered too. Before sending such an item again the worker asks the receiver, when it
// implements alerting.Reconciler, whether the alert arrived; if so it is recorded as sent
// without a second message.
//
//   - Slack with a bot token: effectively exactly-once. Each message carries metadata with
//     its outbox id, found again with conversations.history (conversations.replies for
//     thread replies). It needs the channels:history scope (groups:history for a private
//     channel) and, for a channel configured by name, channels:read (groups:read). Without
//     them the check fails, a warning is logged once, and the alert is sent anyway:
//     at-least-once, never a lost alert. A check that fails transiently (rate limit, Slack
//     outage) is retried with backoff before anything is sent.
//   - Webhooks: at-least-once; receivers deduplicate on the Idempotency-Key header (the
//     outbox id, stable across retries).
//   - Slack incoming webhooks: at-least-once; they cannot read the channel back, so a crash
//     between Slack accepting a message and the outbox recording it posts it twice.
package outbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"sync"
	"time"

	"github.com/leakwatch/leakwatch/alerting"
	"github.com/leakwatch/leakwatch/internal/backoff"
)

// Store is the part of the state the worker needs (internal/alertstore.Outbox adapts the
// state to it, on the side that wires them: neither package imports the other).
type Store interface {
	// ClaimAlerts claims for replica, for claim, up to limit items whose time has come and
	// that no other replica holds, oldest first. Replicas sharing a store never get the
	// same item while its claim holds; a replica gets its own claims back.
	ClaimAlerts(ctx context.Context, replica string, now time.Time, claim time.Duration, limit int) ([]Item, error)
	// AlertSending commits that an attempt starts; the item's InFlight stays set until
	// AlertSent or AlertFailed. It fails with ErrGone for an item sent or given up
	// elsewhere, and with ErrClaimLost when replica's claim on it no longer holds; it
	// extends the claim by claim otherwise.
	AlertSending(ctx context.Context, id int64, replica string, claim time.Duration, at time.Time) error
	// AlertSent records the delivery (ErrGone when the item is no longer pending).
	AlertSent(ctx context.Context, id int64, ref string, at time.Time) error
	// AlertFailed records a failed attempt; a zero next gives the item up.
	AlertFailed(ctx context.Context, id int64, errText string, next time.Time) error
	OutboxDepth(ctx context.Context) (int, error)
}

// Item is one alert waiting for one notifier: the alert the notifier is given (its ID is
// the outbox row's; the fingerprint in full, the worker shortens it; the incident's thread
// reference and totals current when claimed), and the delivery's own state.
type Item struct {
	alerting.Alert
	Notifier string
	Attempts int
	// InFlight is when a delivery attempt started that never recorded its outcome (the
	// process died during it); zero otherwise. The receiver may already have the alert.
	InFlight time.Time
}

// ErrGone is wrapped by a Store for an item that is unknown, sent or given up.
var ErrGone = errors.New("outbox item unknown, sent or given up")

// ErrClaimLost is wrapped by AlertSending when the replica's claim on the item expired:
// another replica may be delivering it.
var ErrClaimLost = errors.New("outbox claim lost: another replica may be delivering this alert")

// Notifiers returns the notifiers currently configured, by name. It is called once per pass,
// so a reload can swap the set.
type Notifiers func() map[string]alerting.Notifier

// Static is a fixed set of notifiers.
func Static(ns ...alerting.Notifier) Notifiers {
	m := make(map[string]alerting.Notifier, len(ns))
	for _, n := range ns {
		m[n.Name()] = n
	}
	return func() map[string]alerting.Notifier { return m }
}

// Failure reasons passed to Options.OnAttempt and Options.OnDone: the reason label of
// leakwatch_notification_requests_failed_total and leakwatch_notifications_failed_total.
const (
	ReasonThrottled     = "throttled"      // the receiver asked to wait (429, Retry-After)
	ReasonTimeout       = "timeout"        // no answer in time
	ReasonTransient     = "transient"      // another retryable failure: 5xx, connection
	ReasonRefused       = "refused"        // not retryable: the receiver refused the alert (4xx, auth, channel)
	ReasonMaxAttempts   = "max_attempts"   // given up after Options.MaxAttempts failed attempts
	ReasonNotConfigured = "not_configured" // the notifier was removed from the config
)

// FailureReasons lists every reason, so a caller can create the series before they happen.
var FailureReasons = []string{ReasonThrottled, ReasonTimeout, ReasonTransient, ReasonRefused, ReasonMaxAttempts, ReasonNotConfigured}

// failureReason classifies a failed Notify.
func failureReason(retry bool, err error) string {
	var ne net.Error
	switch {
	case func() bool { _, ok := alerting.RetryAfter(err); return ok }():
		return ReasonThrottled
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return ReasonTimeout
	case retry:
		return ReasonTransient
	default:
		return ReasonRefused
	}
}

// DefaultReplica is the replica name of a worker given none: the one process on a
// SQLite data dir.
const DefaultReplica = "local"

// Options tune a Worker. Zero values take the defaults.
type Options struct {
	Poll        time.Duration // how often Run looks for due items; default 5s
	BaseBackoff time.Duration // wait after the first failure; default 1s
	MaxBackoff  time.Duration // cap of the exponential backoff; default 5m
	// MaxRetryAfter caps a receiver's Retry-After, so a broken receiver cannot park an alert
	// for days; default 1h.
	MaxRetryAfter time.Duration
	// MaxAttempts gives an item up after that many failed attempts; 0 retries retryable
	// failures forever (a leaked-secret alert should not be dropped because Slack was down).
	MaxAttempts int
	Batch       int // items per pass; default 50
	// Replica names this process in the items' claims (several replicas may share the
	// outbox); default DefaultReplica.
	Replica string
	// Claim is how long a pass holds the items it took before another replica may take
	// them; each attempt extends its item's claim by Claim when it starts, so Claim must
	// outlast one delivery attempt. Default 2m.
	Claim  time.Duration
	Now    func() time.Time // clock; default time.Now
	Rand   func() float64   // jitter source in [0,1); default math/rand/v2
	Logger *slog.Logger     // default slog.Default()
	// OnAttempt is told of every Notify call: how long it took, and why it failed ("" when
	// it delivered). As Alertmanager's notification requests.
	OnAttempt func(notifier string, took time.Duration, failReason string)
	// OnDone is told once per alert when its delivery is over: delivered (failReason "", also
	// when a check found an earlier attempt delivered it) or given up. As Alertmanager's
	// notifications.
	OnDone  func(notifier, failReason string)
	OnDepth func(depth int)
}

// Worker delivers the outbox. DeliverDue and Run may be called concurrently; passes do not
// overlap.
type Worker struct {
	store     Store
	notifiers Notifiers
	o         Options
	kick      chan struct{}

	pass sync.Mutex // one pass at a time; guards held
	// held remembers, per notifier and incident, the oldest item waiting for a retry, so a
	// later item of the incident (a thread reply) is not delivered before it even when the
	// store hands it out first. The SQLite store already holds such items back; this keeps
	// the order with any store meeting the weaker "oldest first" contract.
	held map[key]heldItem
	// unsure holds, per item id, an attempt that failed in a way that may have delivered the
	// alert, and the backoff of delivery checks that failed transiently.
	unsure map[int64]unsureItem
	// warned lists the notifiers whose failing delivery check was logged as a warning.
	warned map[string]bool
}

type unsureItem struct {
	since time.Time // start of a failed attempt that may have delivered; zero when none
	next  time.Time // no delivery check before this
	fails int       // delivery checks failed transiently in a row
}

type key struct {
	notifier string
	incident int64
}

type heldItem struct {
	id   int64
	next time.Time
}

// New returns a worker. notifiers must not be nil.
func New(store Store, notifiers Notifiers, o Options) *Worker {
	if o.Poll <= 0 {
		o.Poll = 5 * time.Second
	}
	if o.BaseBackoff <= 0 {
		o.BaseBackoff = time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 5 * time.Minute
	}
	if o.MaxBackoff < o.BaseBackoff {
		o.MaxBackoff = o.BaseBackoff
	}
	if o.MaxRetryAfter <= 0 {
		o.MaxRetryAfter = time.Hour
	}
	if o.Batch <= 0 {
		o.Batch = 50
	}
	if o.Replica == "" {
		o.Replica = DefaultReplica
	}
	if o.Claim <= 0 {
		o.Claim = 2 * time.Minute
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Rand == nil {
		o.Rand = rand.Float64
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return &Worker{store: store, notifiers: notifiers, o: o, kick: make(chan struct{}, 1), held: map[key]heldItem{},
		unsure: map[int64]unsureItem{}, warned: map[string]bool{}}
}

// Kick wakes Run for a pass now (new items were enqueued). It never blocks.
func (w *Worker) Kick() {
	select {
	case w.kick <- struct{}{}:
	default:
	}
}

// Run delivers until ctx is done: a pass every Poll, on Kick, and at once again while a pass
// found a full batch. Store errors are logged and retried on the next tick. It returns nil
// when ctx is cancelled.
func (w *Worker) Run(ctx context.Context) error {
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		case <-w.kick:
		}
		n, err := w.DeliverDue(ctx)
		if err != nil && ctx.Err() == nil {
			w.o.Logger.Error("alert outbox: pass failed; will retry", "err", err)
		}
		wait := w.o.Poll
		if err == nil && n >= w.o.Batch {
			wait = 0 // more may be due
		}
		if !t.Stop() {
			select {
			case <-t.C:
			default:
			}
		}
		t.Reset(wait)
	}
}

// DeliverDue makes one pass over the due items and returns how many it attempted. It stops at
// the first store error (continuing could send alerts it cannot record, i.e. duplicates).
func (w *Worker) DeliverDue(ctx context.Context) (int, error) {
	w.pass.Lock()
	defer w.pass.Unlock()
	defer w.reportDepth(ctx)

	items, err := w.store.ClaimAlerts(ctx, w.o.Replica, w.o.Now(), w.o.Claim, w.o.Batch)
	if err != nil {
		return 0, fmt.Errorf("alert outbox: reading due alerts: %w", err)
	}
	p := &passState{notifiers: w.notifiers(), refs: map[key]string{}}
	for _, it := range items {
		if ctx.Err() != nil {
			return p.attempted, ctx.Err()
		}
		if err := w.deliverItem(ctx, p, it); err != nil {
			return p.attempted, err
		}
	}
	return p.attempted, nil
}

// passState is what one pass carries from item to item.
type passState struct {
	notifiers map[string]alerting.Notifier
	refs      map[key]string // thread references obtained in this pass
	attempted int
}

// deliverItem takes one claimed item as far as this pass can: skipped for now, dropped,
// found delivered, sent, or failed and scheduled. An error is a store error (or ctx's).
func (w *Worker) deliverItem(ctx context.Context, p *passState, it Item) error {
	k := key{it.Notifier, it.IncidentID}
	if w.heldBack(k, it) {
		return nil
	}
	n, ok := p.notifiers[it.Notifier]
	if !ok {
		// Enqueued for a notifier since removed from the config. Keeping it would only
		// fill every batch with items nobody can send.
		msg := fmt.Sprintf("notifier %q is no longer configured; alert dropped (configure it again and re-enqueue, or ignore)", it.Notifier)
		return w.giveUp(ctx, it, msg, nil, ReasonNotConfigured)
	}
	if it.Kind == alerting.KindResolved && !alerting.WantsResolutions(n) {
		// Nothing to tell this receiver; done, so later items of the incident may go.
		if err := w.store.AlertSent(ctx, it.ID, "", w.o.Now()); err != nil && !errors.Is(err, ErrGone) {
			return fmt.Errorf("alert outbox: recording resolved alert %d as not needed: %w", it.ID, err)
		}
		delete(w.held, k)
		return nil
	}
	a := w.alert(it, p.refs[k])
	if send, err := w.checkEarlierAttempt(ctx, p, n, it, a, k); err != nil || !send {
		return err
	}
	at := &attempt{it: it, k: k, n: n, started: w.o.Now()}
	if send, err := w.markSending(ctx, at); err != nil || !send {
		return err
	}
	t0 := time.Now() // the real clock: Options.Now may be a test's
	ref, retry, nerr := n.Notify(ctx, a)
	if nerr != nil && ctx.Err() != nil {
		// Shutting down: the attempt was cut short, not failed; leave the item due. It
		// stays marked in flight, so the next start checks the receiver first.
		return ctx.Err()
	}
	why := ""
	if nerr != nil {
		why = failureReason(retry, nerr)
	}
	if w.o.OnAttempt != nil {
		w.o.OnAttempt(it.Notifier, time.Since(t0), why)
	}
	delete(w.unsure, it.ID)
	if nerr == nil {
		if err := w.markSent(ctx, it, k, ref, p.refs); err != nil {
			return err
		}
		w.o.Logger.Info("alert delivered", "notifier", it.Notifier, "kind", it.Kind,
			"alert_id", it.ID, "incident_id", it.IncidentID, "rule", it.RuleID)
		return nil
	}
	return w.failed(ctx, at, retry, nerr, why)
}

// attempt is one item being sent in this pass.
type attempt struct {
	it      Item
	k       key
	n       alerting.Notifier
	started time.Time // when the attempt was marked in the store
}

// heldBack reports whether an older item of the same incident is waiting for its retry, so
// this one must wait too to keep the thread in order.
func (w *Worker) heldBack(k key, it Item) bool {
	if h, ok := w.held[k]; ok && h.id != it.ID {
		if h.id < it.ID && w.o.Now().Before(h.next) {
			return true // an older item of this incident is waiting: keep the thread in order
		}
		if h.id < it.ID {
			delete(w.held, k) // it was due yet not handed out: sent or given up elsewhere
		}
	}
	return false
}

// checkEarlierAttempt counts the item as attempted and, when an earlier attempt may have
// delivered it and the receiver can tell, asks the receiver first. send is false when the
// item needs nothing more in this pass.
func (w *Worker) checkEarlierAttempt(ctx context.Context, p *passState, n alerting.Notifier, it Item,
	a alerting.Alert, k key) (send bool, err error) {
	u := w.unsure[it.ID]
	since := it.InFlight
	if !u.since.IsZero() && (since.IsZero() || u.since.Before(since)) {
		since = u.since
	}
	r, ok := n.(alerting.Reconciler)
	if !ok || since.IsZero() {
		p.attempted++
		return true, nil
	}
	if w.o.Now().Before(u.next) {
		return false, nil // a delivery check failed transiently; wait before asking again
	}
	p.attempted++
	done, err := w.reconcile(ctx, r, it, a, since, u, k, p.refs)
	if err != nil {
		return false, err
	}
	return !done, nil
}

// markSending commits that the attempt starts. send is false when the item is no longer this
// pass's to send (sent or given up elsewhere, or its claim expired).
func (w *Worker) markSending(ctx context.Context, at *attempt) (send bool, err error) {
	it := at.it
	if err := w.store.AlertSending(ctx, it.ID, w.o.Replica, w.o.Claim, at.started); err != nil {
		if errors.Is(err, ErrGone) {
			delete(w.unsure, it.ID) // sent or given up meanwhile (another process)
			return false, nil
		}
		if errors.Is(err, ErrClaimLost) {
			// The pass outlived its claim: another replica may deliver it now.
			w.o.Logger.Warn("alert left to another replica: this pass's claim on it expired", "alert_id", it.ID)
			return false, nil
		}
		// Sending without the mark could duplicate the alert after a crash.
		return false, fmt.Errorf("alert outbox: recording the start of alert %d: %w", it.ID, err)
	}
	return true, nil
}

// failed records a failed Notify: given up when not retryable or out of attempts, else
// scheduled for a retry after the backoff (holding later items of the incident back).
func (w *Worker) failed(ctx context.Context, at *attempt, retry bool, nerr error, why string) error {
	it, k := at.it, at.k
	if _, isReconciler := at.n.(alerting.Reconciler); isReconciler && retry {
		if _, ok := alerting.RetryAfter(nerr); !ok {
			// A timeout or a 5xx may hide a delivered message: check before the retry.
			w.unsure[it.ID] = unsureItem{since: at.started}
		}
	}
	if !retry {
		return w.giveUp(ctx, it, nerr.Error(), nerr, why)
	}
	if w.o.MaxAttempts > 0 && it.Attempts+1 >= w.o.MaxAttempts {
		msg := fmt.Sprintf("giving up after %d attempts: %v", it.Attempts+1, nerr)
		return w.giveUp(ctx, it, msg, nerr, ReasonMaxAttempts)
	}
	next := w.o.Now().Add(w.delay(it.Attempts, nerr))
	if err := w.store.AlertFailed(ctx, it.ID, nerr.Error(), next); err != nil {
		return fmt.Errorf("alert outbox: recording failed alert %d: %w", it.ID, err)
	}
	if h, ok := w.held[k]; !ok || it.ID <= h.id {
		w.held[k] = heldItem{id: it.ID, next: next}
	}
	w.o.Logger.Warn("alert delivery failed; will retry", "notifier", it.Notifier, "kind", it.Kind,
		"alert_id", it.ID, "incident_id", it.IncidentID, "attempt", it.Attempts+1,
		"next_try", next.UTC().Format(time.RFC3339), "err", nerr)
	return nil
}

// reconcile asks the receiver whether an attempt with no known outcome delivered it. done
// means the item needs nothing more in this pass (found and recorded sent, or waiting for
// another check); otherwise it is to be sent. err is a store error that stops the pass.
func (w *Worker) reconcile(ctx context.Context, r alerting.Reconciler, it Item, a alerting.Alert,
	since time.Time, u unsureItem, k key, refs map[key]string) (done bool, err error) {
	ref, found, cerr := r.Delivered(ctx, a, since)
	if cerr != nil && ctx.Err() != nil {
		return true, ctx.Err()
	}
	switch {
	case cerr == nil && found:
		if err := w.markSent(ctx, it, k, ref, refs); err != nil {
			return true, err
		}
		msg := "alert already delivered before a restart; not sent again"
		if it.InFlight.IsZero() {
			msg = "alert already delivered by an attempt that reported a failure; not sent again"
		}
		w.o.Logger.Info(msg, "notifier", it.Notifier, "kind", it.Kind,
			"alert_id", it.ID, "incident_id", it.IncidentID, "rule", it.RuleID)
		return true, nil
	case cerr == nil:
		return false, nil
	case alerting.IsTransient(cerr):
		// Sending now could duplicate the alert; the check will likely work soon.
		next := w.o.Now().Add(w.delay(u.fails, cerr))
		u.fails++
		u.next = next
		w.unsure[it.ID] = u
		if h, ok := w.held[k]; !ok || it.ID <= h.id {
			w.held[k] = heldItem{id: it.ID, next: next}
		}
		w.o.Logger.Warn("alert outbox: cannot check yet whether an interrupted alert was delivered; will check again before sending",
			"notifier", it.Notifier, "alert_id", it.ID, "incident_id", it.IncidentID,
			"next_try", next.UTC().Format(time.RFC3339), "err", cerr)
		return true, nil
	default:
		// A check that cannot work until someone acts (a missing scope) must not hold
		// alerts back: send, accepting a possible duplicate (at-least-once).
		level := slog.LevelDebug
		if !w.warned[it.Notifier] {
			w.warned[it.Notifier] = true
			level = slog.LevelWarn
		}
		w.o.Logger.Log(ctx, level, "alert outbox: cannot check whether an interrupted alert was delivered; sending it again, it may appear twice",
			"notifier", it.Notifier, "alert_id", it.ID, "incident_id", it.IncidentID, "err", cerr)
		return false, nil
	}
}

// markSent records a delivered item and keeps its thread reference for this pass.
func (w *Worker) markSent(ctx context.Context, it Item, k key, ref string, refs map[key]string) error {
	if err := w.store.AlertSent(ctx, it.ID, ref, w.o.Now()); err != nil {
		w.o.Logger.Error("alert delivered but not recorded; it stays marked in flight, so it is checked (where the receiver can tell) or sent again",
			"notifier", it.Notifier, "alert_id", it.ID, "incident_id", it.IncidentID, "err", err)
		return fmt.Errorf("alert outbox: recording alert %d sent: %w", it.ID, err)
	}
	delete(w.held, k)
	delete(w.unsure, it.ID)
	if ref != "" && it.Kind != alerting.KindSighting {
		refs[k] = ref
	}
	w.done(it.Notifier, "")
	return nil
}

// giveUp records a permanent failure; later items of the incident may then go out (a reply
// to a thread that never started is posted on its own).
func (w *Worker) giveUp(ctx context.Context, it Item, msg string, cause error, reason string) error {
	if err := w.store.AlertFailed(ctx, it.ID, msg, time.Time{}); err != nil {
		return fmt.Errorf("alert outbox: recording given-up alert %d: %w", it.ID, err)
	}
	delete(w.held, key{it.Notifier, it.IncidentID})
	delete(w.unsure, it.ID)
	w.done(it.Notifier, reason)
	w.o.Logger.Error("alert not delivered and given up: fix the cause below; the incident stays recorded",
		"notifier", it.Notifier, "kind", it.Kind, "alert_id", it.ID, "incident_id", it.IncidentID,
		"rule", it.RuleID, "preview", it.Preview, "err", msg)
	return nil
}

// delay is how long to wait after a failed attempt when attempts earlier attempts failed:
// BaseBackoff doubling per attempt up to MaxBackoff, minus up to 20% jitter so that items
// failing together spread out, and never less than the receiver's Retry-After.
func (w *Worker) delay(attempts int, err error) time.Duration {
	p := backoff.Policy{Base: w.o.BaseBackoff, Max: w.o.MaxBackoff, Jitter: 0.2, Rand: w.o.Rand}
	ra, _ := alerting.RetryAfter(err)
	return p.After(attempts+1, ra, w.o.MaxRetryAfter)
}

// shortFingerprint is how many hex digits of the fingerprint people see (as the detector's
// Finding.ShortFingerprint).
const shortFingerprint = 12

// alert builds the receiver's view of an item: redacted data only.
func (w *Worker) alert(it Item, passRef string) alerting.Alert {
	a := it.Alert
	if len(a.Fingerprint) > shortFingerprint {
		a.Fingerprint = a.Fingerprint[:shortFingerprint]
	}
	if passRef != "" {
		a.ThreadRef = passRef // the thread was opened earlier in this pass, after the read
	}
	return a
}

func (w *Worker) done(notifier, failReason string) {
	if w.o.OnDone != nil {
		w.o.OnDone(notifier, failReason)
	}
}

func (w *Worker) reportDepth(ctx context.Context) {
	if w.o.OnDepth == nil {
		return
	}
	d, err := w.store.OutboxDepth(context.WithoutCancel(ctx))
	if err != nil {
		w.o.Logger.Warn("alert outbox: reading depth", "err", err)
		return
	}
	w.o.OnDepth(d)
}
