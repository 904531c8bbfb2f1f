// Package engine runs the pipeline for one source: plan the next window from the watermark,
// scan it page by page through the detector, record each page in one transaction, and move
// the watermark only when the whole window was read and recorded (design invariant 2).
package engine

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-co-op/gocron/v2"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/backoff"
	"github.com/leakwatch/leakwatch/internal/metrics"
	"github.com/leakwatch/leakwatch/internal/state"
	"github.com/leakwatch/leakwatch/pushdown"
	"github.com/leakwatch/leakwatch/queries"
	"github.com/leakwatch/leakwatch/sources"
)

// Store is the part of the state the engine writes.
type Store interface {
	RecordPage(ctx context.Context, source string, sightings []state.Sighting, checkpoint []byte, opts state.RecordOptions) (state.PageResult, error)
	Checkpoint(ctx context.Context, source string) ([]byte, error)
	Watermark(ctx context.Context, source string) (time.Time, bool, error)
	// CoverScanned records [from, to) as scanned, with the lines and bytes read, and moves
	// the watermark.
	CoverScanned(ctx context.Context, source string, from, to time.Time, lines, bytes int64) error
	VolumeStore
}

// Plan is how a source's windows are cut.
type Plan struct {
	// IngestDelay keeps the window's end this far behind now: lines arrive late in stores.
	IngestDelay time.Duration
	// Overlap rescans this much before the watermark: late lines behind the watermark.
	Overlap time.Duration
	// Chunk bounds one window (0: one window up to now).
	Chunk time.Duration
	// InitialLookback is how far back the first scan of a new source starts; older history is
	// the backfill's job.
	InitialLookback time.Duration
	// Checkpointed sources (files) read what was appended since their checkpoint: their
	// window is only the coverage interval, so no overlap and no chunks apply.
	Checkpointed bool
	// Recheck is how far back covered time is re-verified for late lines (0: never), in
	// buckets of Bucket (see recheck.go).
	Recheck time.Duration
	Bucket  time.Duration
}

// Job is one source with its plan.
type Job struct {
	Source sources.Source
	Plan   Plan
}

// DefaultRetry fills the unset settings of Options.Retry: the first wait 2–3s, doubling after
// each failure, at most 10m of waiting in all. Attempts stays the caller's (the daemon and
// backfill try a window 3 times).
//
// The bound of both loops (backoff.Nested, TestRetryBoundOfDefaults): with the daemon's 3
// tries and the sources' default policies, a request that keeps failing is sent at most 15
// times (Loki: 3 × 5) or 18 times (Elasticsearch: 3 × 6), with at most 6m9s of waiting in
// all (9s between window tries, 2m within each), plus each request's timeout.
var DefaultRetry = backoff.Policy{Base: 3 * time.Second, Jitter: 1.0 / 3, MaxWait: 10 * time.Minute}

// Options configure an Engine.
type Options struct {
	Store      Store
	Detector   *detector.Detector
	Metrics    *metrics.Metrics
	Logger     *slog.Logger
	Notifiers  []string      // names to enqueue alerts for
	ReplyEvery time.Duration // thread-reply rate limit per incident
	// Kick wakes the outbox worker after alerts were enqueued (may be nil).
	Kick func()
	// Now is the clock (tests).
	Now func() time.Time
	// Retry is how a failed window is retried before the job gives up until its next run:
	// Retry.Attempts tries (unset: one, no retry), waits as DefaultRetry where unset. Each
	// try re-runs every request of the window, each with the source's own retries: see
	// backoff.Nested for the worst case of both.
	Retry backoff.Policy
	// Gate, when set, is asked before each scheduled run of a source: it returns the context
	// to scan under (ended when the replica's ownership of the source ends) and a done
	// func, or an error when this replica must not scan the source now (see
	// internal/ownership).
	Gate func(ctx context.Context, source string) (context.Context, func(), error)
}

// Engine scans sources. Safe for concurrent use by one goroutine per source.
type Engine struct {
	o   Options
	det atomic.Pointer[armed]
	mu  sync.Mutex // guards o.Notifiers, o.ReplyEvery, o.Kick, o.Logger, jobs
	// jobs are the scheduled jobs by source (RunNow).
	jobs map[string]gocron.Job
	// said holds the missing capabilities already logged, by source (warnOnce).
	said sync.Map
}

// New checks opts.
func New(o Options) (*Engine, error) {
	if o.Store == nil || o.Detector == nil {
		return nil, errors.New("engine: store and detector are required")
	}
	if o.Metrics == nil {
		o.Metrics = metrics.New()
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	o.Retry = o.Retry.Or(DefaultRetry)
	if err := o.Retry.Validate(); err != nil {
		return nil, fmt.Errorf("engine: retry: %w", err)
	}
	e := &Engine{o: o, jobs: map[string]gocron.Job{}}
	e.det.Store(arm(o.Detector))
	return e, nil
}

// SetDetector swaps the detector (config reload); scans in flight finish with the old one.
func (e *Engine) SetDetector(d *detector.Detector) {
	if e.det.Load().det != d {
		e.det.Store(arm(d))
	}
}

// armed is the engine's detector with its pushdown filter, made once, by the first scan
// that asks: Filter digests every rule's definition to find its plan (milliseconds for the
// catalogue), too much to redo for every window, chunk and rescan.
type armed struct {
	det    *detector.Detector
	filter func() sources.Filter
}

func arm(d *detector.Detector) *armed {
	return &armed{det: d, filter: sync.OnceValue(func() sources.Filter { return Filter(d) })}
}

// SetLogger swaps the logger (a reload may change the log format or level).
func (e *Engine) SetLogger(l *slog.Logger) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.o.Logger = l
}

func (e *Engine) logger() *slog.Logger {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.o.Logger
}

// Filter is the pushdown hint for the detector's rules: the plan pushdown.Build makes under
// the cost model calibrated on a real Loki, over the sample of ordinary logs the planner
// ships (pushdown.Background).
//
// Planning the whole built-in catalogue takes seconds of CPU, so that plan ships with the
// binary (catalogplan.json, kept fresh by TestCatalogPlanFresh) and serves every rule set made
// of built-in rules only: a plan every line of the whole catalogue passes is passed by every
// line a subset reports. Other rule sets (custom or imported rules) are planned here, once
// per rule set: plans are memoised by the rules' definitions, so a reload that leaves the
// rules alone, a backfill beside the daemon's config, or the many detectors of a test run
// plan once.
func Filter(d *detector.Detector) sources.Filter {
	rules := d.Rules()
	key := pushdown.RulesDigest(planInput(rules))
	if p, ok := plans.Load(key); ok {
		return sources.Filter{Plan: p.(*pushdown.Plan)}
	}
	p, ok := shippedPlan(rules)
	if !ok {
		p = planRules(rules)
	}
	plans.Store(key, &p)
	return sources.Filter{Plan: &p}
}

// planRules plans rules under the Loki cost model.
func planRules(rules []*queries.Rule) pushdown.Plan {
	return pushdown.Build(planInput(rules), pushdown.LokiCostModel(pushdown.Background()))
}

// planInput is what the planner reads of rules.
func planInput(rules []*queries.Rule) []pushdown.Rule {
	out := make([]pushdown.Rule, len(rules))
	for i, r := range rules {
		out[i] = pushdown.Rule{ID: r.ID, Keywords: r.Keywords, IgnoreCase: r.IgnoreCase, Regex: r.Regex}
	}
	return out
}

// catalogPlanFile is the plan of the whole built-in catalogue, made by planRules.
//
//go:embed catalogplan.json
var catalogPlanFile []byte

// catalogPlan is catalogPlanFile's content: the digest of the rules it was made for and the plan.
type catalogPlan struct {
	Digest string
	Plan   pushdown.Plan
}

var loadCatalogPlan = sync.OnceValues(func() (catalogPlan, bool) {
	var cp catalogPlan
	if err := json.Unmarshal(catalogPlanFile, &cp); err != nil {
		return cp, false
	}
	// A file made for other rules than this binary's catalogue is never used.
	return cp, cp.Digest == pushdown.RulesDigest(planInput(queries.Catalog()))
})

// shippedPlan is the catalogue's shipped plan for rules when they are all built-in, with the
// covers of the rules not in the set left out.
func shippedPlan(rules []*queries.Rule) (pushdown.Plan, bool) {
	for _, r := range rules {
		if !r.Builtin() {
			return pushdown.Plan{}, false
		}
	}
	cp, ok := loadCatalogPlan()
	if !ok {
		return pushdown.Plan{}, false
	}
	in := make(map[string]bool, len(rules))
	for _, r := range rules {
		in[r.ID] = true
	}
	p := cp.Plan
	p.Covers = nil
	for _, c := range cp.Plan.Covers {
		if in[c.RuleID] {
			p.Covers = append(p.Covers, c)
		}
	}
	return p, true
}

// plans memoises Filter's plans by pushdown.RulesDigest. A process holds few rule sets (one
// per config it loaded), so the map stays small.
var plans sync.Map

// Windows plans the windows to scan now for a source whose watermark is wm (ok false: never
// scanned). It returns none when there is nothing new.
func Windows(p Plan, wm time.Time, ok bool, now time.Time) []sources.Window {
	end := now.Add(-p.IngestDelay)
	var start time.Time
	switch {
	case !ok:
		start = end.Add(-p.InitialLookback)
	case p.Checkpointed:
		start = wm
	default:
		start = wm.Add(-p.Overlap)
	}
	if !p.Checkpointed {
		// Whole milliseconds: the stores' metric queries count lines in ranges of whole
		// milliseconds (re-verification), and nothing is lost: the end comes back as the
		// next window's start.
		end = end.Truncate(time.Millisecond)
		start = start.Truncate(time.Millisecond)
	}
	if !end.After(start) {
		return nil
	}
	if p.Checkpointed || p.Chunk <= 0 {
		return []sources.Window{{Start: start, End: end}}
	}
	var ws []sources.Window
	for s := start; s.Before(end); s = s.Add(p.Chunk) {
		e := s.Add(p.Chunk)
		if e.After(end) {
			e = end
		}
		ws = append(ws, sources.Window{Start: s, End: e})
	}
	return ws
}

// RunOnce scans every window due for the job, oldest first, stopping at the first window
// that fails after its retries: later windows wait, so coverage never has a hole behind the
// watermark.
func (e *Engine) RunOnce(ctx context.Context, j Job) error {
	name := j.Source.Name()
	wm, ok, err := e.o.Store.Watermark(ctx, name)
	if err != nil {
		return fmt.Errorf("source %s: read watermark: %w", name, err)
	}
	for _, w := range Windows(j.Plan, wm, ok, e.o.Now()) {
		if err := e.ScanWindow(ctx, j, w); err != nil {
			return err
		}
	}
	return e.Reverify(ctx, j)
}

// ScanWindow scans one window with retries and, on success, records it as covered.
func (e *Engine) ScanWindow(ctx context.Context, j Job, w sources.Window) error {
	name := j.Source.Name()
	m := e.o.Metrics
	var n counts
	vol, reverify := e.volumes(j)
	var pieces []state.VolumePiece
	retry := e.o.Retry
	retry.OnRetry = func(attempt int, _ time.Duration, err error) {
		e.logger().Warn("window failed, retrying", "source", name, "window", w.String(), "attempt", attempt, "err", err)
	}
	var last error // the last try's error
	tries, fenced := 0, false
	err := backoff.Retry(ctx, retry, func(attempt int) (bool, time.Duration, error) {
		tries = attempt
		began := time.Now()
		n, pieces, last = counts{}, nil, nil
		if reverify {
			// Counted before the scan: every line the count includes is there for the scan to read.
			pieces, last = e.countPieces(sources.WithQueryKind(ctx, sources.QueryCount), j, vol, w)
		}
		if last == nil {
			last = e.scan(sources.WithQueryKind(ctx, sources.QueryScan), j, w, &n)
		}
		m.ScanDuration.WithLabelValues(name).Observe(time.Since(began).Seconds())
		if last != nil && (errors.Is(last, state.ErrFenced) || errors.Is(context.Cause(ctx), state.ErrFenced)) {
			// A lease lost to another replica (a write refused, or the scan cut when the
			// lease ended): not a failure of the store, and not retried here; the new owner
			// scans the window.
			fenced = true
			return false, 0, last
		}
		return last != nil && e.countFailure(name, last) && ctx.Err() == nil, 0, last
	})
	var ex *backoff.Exhausted
	switch {
	case fenced:
		e.logger().Info("scan stopped: another replica owns the source now", "source", name, "window", w.String())
		return fmt.Errorf("source %s: window %s: %w", name, w, err)
	case errors.As(err, &ex):
		err = ex.Err
		fallthrough
	case err != nil && err == last: // else ctx ended while waiting to retry
		e.logger().Error("window not covered: it will be scanned again", "source", name, "window", w.String(), "attempt", tries, "err", err)
		fallthrough
	case err != nil:
		return fmt.Errorf("source %s: window %s: %w", name, w, err)
	}
	if err := e.o.Store.CoverScanned(ctx, name, w.Start, w.End, n.lines, n.bytes); err != nil {
		return fmt.Errorf("source %s: record coverage of %s: %w", name, w, err)
	}
	if reverify {
		e.recordPieces(ctx, j, pieces)
	} else if j.Plan.Checkpointed {
		m.LinesInScope.WithLabelValues(name).Add(float64(n.lines)) // a file has no pushdown: every line is read
	}
	m.ScansTotal.WithLabelValues(name, "success").Inc()
	m.LastSuccessfulScan.WithLabelValues(name).Set(float64(e.o.Now().UnixNano()) / 1e9)
	if wm, ok, err := e.o.Store.Watermark(ctx, name); err == nil && ok {
		m.CoveredUntil.WithLabelValues(name).Set(float64(wm.UnixNano()) / 1e9)
	}
	return nil
}

// countFailure counts a failed try of a window by the source's error kind and tells whether
// retrying may cure it (anything but a source error marked not retryable).
func (e *Engine) countFailure(name string, err error) (retryable bool) {
	m := e.o.Metrics
	m.ScansTotal.WithLabelValues(name, "failure").Inc()
	kind := string(sources.KindTransport)
	var se *sources.Error
	if errors.As(err, &se) {
		kind = string(se.Kind)
	} else if errors.Is(err, context.Canceled) {
		kind = "canceled"
	}
	m.SourceErrors.WithLabelValues(name, kind).Inc()
	return se == nil || se.Retryable
}

// counts are what one scan of a window read.
type counts struct{ lines, bytes int64 }

// audit runs one audit for window w (a sources.Auditor: file_permissions) and records its
// findings through the one record path, as sightings of the audit's rules. An incomplete
// audit (a directory it could not read) fails the window, so coverage never claims items
// nobody looked at.
func (e *Engine) audit(ctx context.Context, name string, a sources.Auditor, w sources.Window, n *counts) error {
	res, err := a.Audit(ctx)
	if err != nil {
		return err
	}
	if len(res.Incomplete) > 0 {
		return &sources.Error{Kind: sources.KindConfig, Err: fmt.Errorf("audit incomplete: %s (and %d more)", res.Incomplete[0], len(res.Incomplete)-1)}
	}
	if len(res.Notes) > 0 {
		// What it could not check (an unreadable directory, a link leaving the root): said,
		// without failing the window.
		e.logger().Warn("audit could not check some items", "source", name, "notes", len(res.Notes), "first", res.Notes[0])
	}
	now := e.o.Now()
	if now.Before(w.Start) || !now.Before(w.End) {
		now = w.End.Add(-time.Nanosecond) // the sighting belongs to the window it was found in
	}
	det := e.det.Load().det
	sightings := make([]state.Sighting, 0, len(res.Findings))
	for _, f := range res.Findings {
		// A path is log data too: a secret in a file or directory name is masked.
		sightings = append(sightings, state.Sighting{
			Source: name, LineID: f.LineID, RuleID: f.Rule, Severity: f.Severity, Description: f.Description,
			Fingerprint: f.Fingerprint, Preview: f.Preview, EventTime: now, Location: det.Redact(f.Location),
		})
	}
	return e.commit(ctx, name, sightings, nil, res.Checked, 0, n)
}

// scan reads one window once.
func (e *Engine) scan(ctx context.Context, j Job, w sources.Window, n *counts) error {
	name := j.Source.Name()
	if a, ok := sources.As[sources.Auditor](j.Source); ok {
		return e.audit(ctx, name, a, w, n)
	}
	cur := e.det.Load()
	det := cur.det
	req := sources.Request{Window: w, Filter: cur.filter()}
	if j.Plan.Checkpointed {
		cp, err := e.o.Store.Checkpoint(ctx, name)
		if err != nil {
			return fmt.Errorf("read checkpoint: %w", err)
		}
		req.Checkpoint = cp
	}
	return j.Source.Scan(ctx, req, func(ctx context.Context, p sources.Page) error {
		return e.recordPage(ctx, name, det, p, n)
	})
}

// recordPage runs the detector over a page and records it in one transaction. The secrets'
// bytes stop here: sightings carry previews and fingerprints only, and the location and
// link they keep are redacted of every secret found anywhere in the record (see record).
func (e *Engine) recordPage(ctx context.Context, name string, det *detector.Detector, p sources.Page, n *counts) error {
	var sightings []state.Sighting
	var lines, bytes int
	// A stream's labels are shared by its lines: scanned once per page.
	seen := newLabelsSeen()
	for i := range p.Lines {
		l := &p.Lines[i]
		bytes += len(l.Text) - l.Overlap
		if l.Overlap == 0 && !l.StreamOnly {
			lines++
		}
		sightings = record(det, name, l, seen, sightings)
	}
	return e.commit(ctx, name, sightings, p.Checkpoint, int64(lines), int64(bytes), n)
}

// commit records one page's sightings and checkpoint in one transaction and counts what was
// read: the one record path of scanned pages and audits.
func (e *Engine) commit(ctx context.Context, name string, sightings []state.Sighting, checkpoint []byte, lines, bytes int64, n *counts) error {
	m := e.o.Metrics
	opts, kick := e.recordOptions()
	res, err := e.o.Store.RecordPage(ctx, name, sightings, checkpoint, opts)
	if err != nil {
		return fmt.Errorf("record page: %w", err)
	}
	m.LinesScanned.WithLabelValues(name).Add(float64(lines))
	m.BytesScanned.WithLabelValues(name).Add(float64(bytes))
	n.lines += lines
	n.bytes += bytes
	for rule, k := range res.NewByRule {
		m.HitsTotal.WithLabelValues(name, rule).Add(float64(k))
	}
	if len(res.Opened)+len(res.Reopened) > 0 {
		e.logger().Warn("secret leak incident", "source", name, "opened", len(res.Opened), "reopened", len(res.Reopened))
	}
	if res.Enqueued > 0 && kick != nil {
		kick()
	}
	return nil
}

// SetNotifiers changes who new alerts are enqueued for (config reload).
func (e *Engine) SetNotifiers(names []string, replyEvery time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.o.Notifiers, e.o.ReplyEvery = names, replyEvery
}

// SetKick sets the outbox wake-up.
func (e *Engine) SetKick(k func()) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.o.Kick = k
}

func (e *Engine) recordOptions() (state.RecordOptions, func()) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return state.RecordOptions{Notifiers: e.o.Notifiers, ReplyEvery: e.o.ReplyEvery, Now: e.o.Now()}, e.o.Kick
}

// InitJobMetrics is InitMetrics plus, for a job that counts its lines in scope, the
// re-verification series: a source that cannot count has no lines_in_scope series, so an
// alert on it staying flat never fires for it.
func (e *Engine) InitJobMetrics(j Job) {
	name := j.Source.Name()
	e.InitMetrics(name)
	if !e.Reverifies(j) {
		return
	}
	m := e.o.Metrics
	m.LinesInScope.WithLabelValues(name)
	if j.Plan.Checkpointed {
		return
	}
	m.LateLines.WithLabelValues(name)
	for _, r := range []string{"unchanged", "late", "failed"} {
		m.Reverifications.WithLabelValues(name, r)
	}
}

// InitMetrics creates a source's series at zero, so a first hit shows as an increase (and
// alert rules using increase() see it) and dashboards list every source and rule from the
// start.
func (e *Engine) InitMetrics(source string) {
	m := e.o.Metrics
	for _, r := range e.det.Load().det.Rules() {
		m.HitsTotal.WithLabelValues(source, r.ID)
	}
	for _, res := range []string{"success", "failure"} {
		m.ScansTotal.WithLabelValues(source, res)
	}
	m.LinesScanned.WithLabelValues(source)
	m.BytesScanned.WithLabelValues(source)
	for _, k := range []sources.ErrorKind{sources.KindTransport, sources.KindThrottled, sources.KindServer, sources.KindProtocol, sources.KindConfig} {
		m.SourceErrors.WithLabelValues(source, string(k))
	}
	m.ScanDuration.WithLabelValues(source)
}
