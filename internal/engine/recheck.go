package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/leakwatch/leakwatch/internal/state"
	"github.com/leakwatch/leakwatch/sources"
)

// Re-verification of covered time: lines stamped inside a covered window but stored later
// (an agent replaying its backlog, a batch job) are otherwise never read. Time is cut in
// buckets of Plan.Bucket. Before a window is scanned, the lines the store holds in scope for
// the part of each bucket it adds are counted; once the window is covered the counts form
// the bucket's baseline. Within Plan.Recheck of now, a complete bucket is counted again from
// time to time (one metric query for a run of buckets); more lines than the baseline means
// late lines, and the bucket is scanned again (sightings dedupe).

// VolumeStore is the state re-verification keeps: part of Store, so a store wrapper
// forwards it or does not compile (no wrapper turns re-verification off unseen).
type VolumeStore interface {
	VolumeBuckets(ctx context.Context, source string, from, to time.Time) ([]state.VolumeBucket, error)
	AddVolumePieces(ctx context.Context, source string, pieces []state.VolumePiece, now time.Time) error
	VolumeVerified(ctx context.Context, source string, bucketFrom time.Time, count, late int64, now time.Time) error
	VolumeSignal(ctx context.Context, source string, bucketFrom time.Time, signal string) error
}

// volumes returns the source's counter when the job re-verifies its windows (the store,
// a Store and so a VolumeStore, keeps what re-verification needs). The counter is looked up
// through the source's wrappers (sources.As); a job whose plan asks for re-verification
// that the source cannot do is said once, at WARN, and runs without it.
func (e *Engine) volumes(j Job) (sources.Volumer, bool) {
	if j.Plan.Checkpointed || j.Plan.Recheck <= 0 || j.Plan.Bucket <= 0 || j.Plan.Bucket%time.Millisecond != 0 {
		return nil, false
	}
	v, ok := sources.As[sources.Volumer](j.Source)
	if !ok {
		e.warnOnce(j.Source.Name(), "recheck", "re-verification is off for this source: it cannot count the lines it holds in scope (recheck does not apply to its type)")
		return nil, false
	}
	return v, true
}

// warnOnce logs msg for source once per engine: an answer to a missing capability that
// is said, not silent, and not repeated every window.
func (e *Engine) warnOnce(source, what, msg string) {
	if _, said := e.said.LoadOrStore(source+"\x00"+what, true); !said {
		e.logger().Warn(msg, "source", source)
	}
}

// Reverifies tells whether the job's source exports leakwatch_lines_in_scope_total: sources
// that count their lines in scope (and re-verify covered time), and files, where every line
// read is in scope (no pushdown) and none arrives late in what was read.
func (e *Engine) Reverifies(j Job) bool {
	_, ok := e.volumes(j)
	return ok || j.Plan.Checkpointed
}

// countPieces counts, before w is scanned, the lines in scope of each part of w that its
// bucket has not counted yet.
func (e *Engine) countPieces(ctx context.Context, j Job, vol sources.Volumer, w sources.Window) ([]state.VolumePiece, error) {
	b := j.Plan.Bucket
	name := j.Source.Name()
	rows, err := e.o.Store.VolumeBuckets(ctx, name, w.Start, w.End)
	if err != nil {
		return nil, err
	}
	counted := map[int64]state.VolumeBucket{}
	for _, r := range rows {
		counted[r.Bucket.From.UnixNano()] = r
	}
	var pieces []state.VolumePiece
	for from := floorTo(w.Start, b); from.Before(w.End); from = from.Add(b) {
		bucket := state.Interval{From: from, To: from.Add(b)}
		start, end := maxTime(w.Start, bucket.From), minTime(w.End, bucket.To)
		if r, ok := counted[from.UnixNano()]; ok && !r.CountedFrom.After(start) && !r.CountedTo.Before(start) {
			start = maxTime(start, r.CountedTo)
		}
		length := end.Sub(start)
		if length <= 0 || length%time.Millisecond != 0 || start.Sub(bucket.From)%time.Millisecond != 0 {
			continue // nothing new, or not on the millisecond grid a metric query can count
		}
		n, err := vol.Volumes(ctx, start, length, 1)
		if err != nil {
			var se *sources.Error
			if errors.As(err, &se) && se.Kind == sources.KindConfig {
				// Keep the classification (not retried) and say how to scan without counting.
				return nil, &sources.Error{Kind: se.Kind, Err: fmt.Errorf("count lines in scope (set recheck: 0 to scan without counting): %w", se.Err)}
			}
			return nil, fmt.Errorf("count lines in scope: %w", err)
		}
		pieces = append(pieces, state.VolumePiece{Bucket: bucket, From: start, To: end, Count: n[0]})
	}
	return pieces, nil
}

// Pieces cuts w at the bucket grid: the parts a scan of w counts before it reads them, when
// none of w was counted yet (what `leakwatch explain` shows).
func Pieces(w sources.Window, bucket time.Duration) []sources.Window {
	if bucket <= 0 {
		return nil
	}
	var out []sources.Window
	for from := floorTo(w.Start, bucket); from.Before(w.End); from = from.Add(bucket) {
		p := sources.Window{Start: maxTime(w.Start, from), End: minTime(w.End, from.Add(bucket))}
		if p.Start.Before(p.End) {
			out = append(out, p)
		}
	}
	return out
}

// recordPieces adds a covered window's piece counts to their buckets.
func (e *Engine) recordPieces(ctx context.Context, j Job, pieces []state.VolumePiece) {
	name := j.Source.Name()
	var n int64
	for _, p := range pieces {
		n += p.Count
	}
	e.o.Metrics.LinesInScope.WithLabelValues(name).Add(float64(n))
	if err := e.o.Store.AddVolumePieces(ctx, name, pieces, e.o.Now()); err != nil {
		// The window is covered; only its re-verification is lost.
		e.logger().Warn("lines in scope not recorded: this window will not be re-verified", "source", name, "err", err)
	}
}

// Reverify re-verifies the job's complete buckets within its recheck horizon that are due,
// and scans again those whose store now holds more lines than when they were scanned. A
// bucket is due when the time since its last count is at least the bucket length and half
// its age, so a bucket is counted about log2(horizon/bucket) times.
func (e *Engine) Reverify(ctx context.Context, j Job) error {
	vol, ok := e.volumes(j)
	if !ok {
		return nil
	}
	// Every request of a re-verification (index volumes, counts, rescans) is its cost.
	ctx = sources.WithQueryKind(ctx, sources.QueryReverify)
	rv := &reverification{e: e, j: j, vol: vol, name: j.Source.Name(), now: e.o.Now(), signals: map[int64]string{}}
	rows, err := e.o.Store.VolumeBuckets(ctx, rv.name, rv.now.Add(-j.Plan.Recheck), rv.now)
	if err != nil {
		return fmt.Errorf("source %s: re-verify: %w", rv.name, err)
	}
	due := dueBuckets(rows, rv.now, j.Plan.Recheck, j.Plan.Bucket)
	if sig, ok := sources.As[sources.Signaler](j.Source); ok {
		due = rv.dropSignalledUnchanged(ctx, sig, due)
	}
	rv.countRuns(ctx, due)
	if len(rv.errs) > 0 {
		e.logger().Warn("re-verification incomplete: it is tried again at the next run", "source", rv.name, "err", rv.errs[0], "failures", len(rv.errs))
		return fmt.Errorf("source %s: re-verify: %w", rv.name, rv.errs[0])
	}
	return nil
}

// reverification is one run of Reverify over a job's due buckets. A failure is kept in errs
// and the other buckets go on.
type reverification struct {
	e    *Engine
	j    Job
	vol  sources.Volumer
	name string
	now  time.Time
	// signals holds, by bucket start, the source's signal taken before the bucket's count,
	// saved once the bucket is re-verified.
	signals map[int64]string
	errs    []error
}

// dueBuckets keeps the complete buckets within the horizon whose last count (or completion)
// is at least the bucket length and half the bucket's age ago.
func dueBuckets(rows []state.VolumeBucket, now time.Time, recheck, bucket time.Duration) []state.VolumeBucket {
	var due []state.VolumeBucket
	for _, r := range rows {
		if r.Complete.IsZero() || r.Bucket.From.Before(now.Add(-recheck)) {
			continue
		}
		last := r.Verified
		if last.IsZero() {
			last = r.Complete
		}
		if now.Sub(last) >= max(bucket, now.Sub(r.Bucket.To)/2) {
			due = append(due, r)
		}
	}
	return due
}

// dropSignalledUnchanged asks a source with an index of its own first: a bucket whose signal
// is the one taken before its last count gained no line, and is not counted again. The
// signal is taken before the count, so a line arriving between the two is in the count. It
// returns the buckets still to count.
func (rv *reverification) dropSignalledUnchanged(ctx context.Context, sig sources.Signaler, due []state.VolumeBucket) []state.VolumeBucket {
	m := rv.e.o.Metrics
	kept := due[:0]
	for _, r := range due {
		sg, err := sig.Signal(ctx, r.Bucket.From, r.Bucket.To)
		if err != nil {
			m.Reverifications.WithLabelValues(rv.name, "failed").Inc()
			rv.errs = append(rv.errs, err)
			continue
		}
		if sg != "" && sg == r.Signal {
			if err := rv.e.o.Store.VolumeVerified(ctx, rv.name, r.Bucket.From, r.Baseline, 0, rv.now); err != nil {
				rv.errs = append(rv.errs, err)
				continue
			}
			m.Reverifications.WithLabelValues(rv.name, "unchanged").Inc()
			m.LastReverification.WithLabelValues(rv.name).Set(float64(rv.now.UnixNano()) / 1e9)
			continue
		}
		rv.signals[r.Bucket.From.UnixNano()] = sg
		kept = append(kept, r)
	}
	return kept
}

// countRuns counts the due buckets, one metric query per run of adjacent buckets, and
// re-verifies each.
func (rv *reverification) countRuns(ctx context.Context, due []state.VolumeBucket) {
	b := rv.j.Plan.Bucket
	for len(due) > 0 {
		n := 1
		for n < len(due) && due[n].Bucket.From.Equal(due[n-1].Bucket.To) {
			n++
		}
		run := due[:n]
		due = due[n:]
		counts, err := rv.vol.Volumes(ctx, run[0].Bucket.From, b, len(run))
		if err != nil {
			rv.e.o.Metrics.Reverifications.WithLabelValues(rv.name, "failed").Add(float64(len(run)))
			rv.errs = append(rv.errs, err)
			continue
		}
		for i, r := range run {
			if err := rv.e.reverifyBucket(ctx, rv.j, r, counts[i], rv.now); err != nil {
				rv.errs = append(rv.errs, err)
				continue
			}
			if sg, ok := rv.signals[r.Bucket.From.UnixNano()]; ok {
				if err := rv.e.o.Store.VolumeSignal(ctx, rv.name, r.Bucket.From, sg); err != nil {
					// Only the saving is lost: the bucket is counted again next time.
					rv.errs = append(rv.errs, err)
				}
			}
		}
	}
}

func (e *Engine) reverifyBucket(ctx context.Context, j Job, r state.VolumeBucket, count int64, now time.Time) error {
	name := j.Source.Name()
	m := e.o.Metrics
	if count <= r.Baseline {
		// Fewer lines than the baseline: the store's retention or a deletion; nothing to read.
		if err := e.o.Store.VolumeVerified(ctx, name, r.Bucket.From, count, 0, now); err != nil {
			return err
		}
		m.Reverifications.WithLabelValues(name, "unchanged").Inc()
		m.LastReverification.WithLabelValues(name).Set(float64(now.UnixNano()) / 1e9)
		return nil
	}
	late := count - r.Baseline
	// The metric query counts (start, end]: reading 1ms past the bucket's end takes in a line
	// stamped exactly at it, whichever bound the store counts.
	w := sources.Window{Start: r.Bucket.From, End: r.Bucket.To.Add(time.Millisecond)}
	var n counts
	if err := e.scan(ctx, j, w, &n); err != nil {
		m.Reverifications.WithLabelValues(name, "failed").Inc()
		return fmt.Errorf("rescan %s for %d late lines: %w", w, late, err)
	}
	if err := e.o.Store.VolumeVerified(ctx, name, r.Bucket.From, count, late, now); err != nil {
		return err
	}
	m.Reverifications.WithLabelValues(name, "late").Inc()
	m.LateLines.WithLabelValues(name).Add(float64(late))
	m.LinesInScope.WithLabelValues(name).Add(float64(late))
	m.LastReverification.WithLabelValues(name).Set(float64(now.UnixNano()) / 1e9)
	e.logger().Warn("late lines in covered time: scanned again", "source", name, "window", w.String(), "late_lines", late)
	return nil
}

// floorTo rounds t down to a multiple of d since the Unix epoch: the grid on which stores
// evaluate metric queries (Loki aligns a range query's evaluations to multiples of its step).
func floorTo(t time.Time, d time.Duration) time.Time {
	ns := t.UnixNano()
	r := ns % int64(d)
	if r < 0 {
		r += int64(d)
	}
	return time.Unix(0, ns-r).UTC()
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
