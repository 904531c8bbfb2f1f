package backfill

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/backoff"
	"github.com/leakwatch/leakwatch/internal/engine"
	"github.com/leakwatch/leakwatch/internal/metrics"
	"github.com/leakwatch/leakwatch/internal/state"
	"github.com/leakwatch/leakwatch/sources"
)

// Store is the state a backfill writes: the engine's part plus chunk progress.
type Store interface {
	engine.Store
	BackfillChunks(ctx context.Context, runID int64) ([]state.BackfillChunk, error)
	BackfillRun(ctx context.Context, id int64) (state.BackfillRun, error)
	CompleteChunk(ctx context.Context, runID int64, source string, from, to time.Time, r state.ChunkResult) error
	FailChunk(ctx context.Context, runID int64, from time.Time, errText string) error
	IncidentByFingerprint(ctx context.Context, rule, fingerprint string) (state.SeenIncident, error)
}

// Options configure Execute.
type Options struct {
	Store    Store
	Source   sources.Source
	Detector *detector.Detector
	// Notifiers are the names alerts are enqueued for; empty records incidents without
	// alerting (--alerts=quiet).
	Notifiers  []string
	ReplyEvery time.Duration
	Kick       func() // wakes an outbox worker (may be nil)
	// Parallel chunks in flight (default 2).
	Parallel int
	// MaxRPS limits requests to the store: one token per chunk start and per page after it
	// (0: unlimited).
	MaxRPS float64
	// Retry is the engine's per-chunk retry (unset: DefaultRetry, 3 tries; Attempts 1: no
	// retry), the rest as engine.DefaultRetry.
	Retry   backoff.Policy
	Logger  *slog.Logger
	Metrics *metrics.Metrics
	// OnProgress is called after each chunk ends (done or failed), never concurrently.
	OnProgress func(Progress)
}

// DefaultRetry is a chunk's retry when Options leave it unset: 3 tries.
var DefaultRetry = backoff.Policy{Attempts: 3}

// Progress is a running total.
type Progress struct {
	Total, Done, Failed int // chunks of the run; Done includes those finished by earlier runs
	Lines, Bytes, Hits  int64
	Elapsed             time.Duration
	// ETA estimates the time left from this run's pace (0 when unknown).
	ETA time.Duration
}

// RuleSummary is one rule's outcome in a run.
type RuleSummary struct {
	Rule string
	// Hits are the findings read (a line read twice counts twice).
	Hits int64
	// New incidents were opened by this run; Known ones existed before.
	New, Known int
}

// Summary is what a run did.
type Summary struct {
	Run state.BackfillRun
	// Scanned and Failed count chunks this execution ended; Skipped were done before it.
	Scanned, Failed, Skipped int
	Lines, Bytes, Hits       int64
	Rules                    []RuleSummary
	// Reopened incidents (a resolved secret seen again after its resolution).
	Reopened int
	// FailedChunks are the chunks left failed, with their errors.
	FailedChunks []state.BackfillChunk
	Elapsed      time.Duration
	// Interrupted is set when ctx ended before every chunk was tried.
	Interrupted bool
}

// Execute scans every chunk of run not yet done. A failed chunk is recorded as failed and
// the others go on (a resumed run retries it), unless the failure cannot be cured by
// retrying (a configuration error), which stops the run. It returns an error only when the
// run could not be executed at all or was stopped by such a failure; a cancelled ctx
// returns the summary so far with Interrupted set.
func Execute(ctx context.Context, o Options, run state.BackfillRun) (Summary, error) {
	o, err := o.withDefaults(run)
	if err != nil {
		return Summary{}, err
	}
	began := time.Now()
	chunks, err := o.Store.BackfillChunks(ctx, run.ID)
	if err != nil {
		return Summary{}, err
	}
	x, job, err := newExecution(o, run, began)
	if err != nil {
		return Summary{}, err
	}
	todo := x.todo(chunks)
	sum := Summary{Skipped: x.prog.Done}
	tried, fatal := x.dispatch(ctx, job, todo)
	sum.Interrupted = ctx.Err() != nil || tried < len(todo)
	return x.summarize(ctx, sum, fatal)
}

// withDefaults checks that o can execute run and fills in its defaults.
func (o Options) withDefaults(run state.BackfillRun) (Options, error) {
	if o.Store == nil || o.Source == nil || o.Detector == nil {
		return o, errors.New("backfill: store, source and detector are required")
	}
	if o.Source.Name() != run.Source {
		return o, fmt.Errorf("backfill: run %d is of source %s, not %s", run.ID, run.Source, o.Source.Name())
	}
	if o.Parallel <= 0 {
		o.Parallel = 2
	}
	o.Retry = o.Retry.Or(DefaultRetry)
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Metrics == nil {
		o.Metrics = metrics.New()
	}
	return o, nil
}

// newExecution builds the engine the chunks are scanned with, on a store and a source that
// count what each chunk reads.
func newExecution(o Options, run state.BackfillRun, began time.Time) (*execution, engine.Job, error) {
	x := &execution{o: o, run: run, tally: newTally(), lim: newLimiter(o.MaxRPS), began: began}
	x.store = &store{Store: o.Store, x: x}
	var err error
	x.eng, err = engine.New(engine.Options{
		Store: x.store, Detector: o.Detector, Metrics: o.Metrics, Logger: o.Logger,
		Notifiers: o.Notifiers, ReplyEvery: o.ReplyEvery, Kick: o.Kick,
		Retry: o.Retry,
	})
	if err != nil {
		return nil, engine.Job{}, err
	}
	job := engine.Job{Source: &countingSource{Source: o.Source, x: x}, Plan: engine.Plan{Chunk: run.Chunk}}
	return x, job, nil
}

// todo returns the chunks not done yet, counting the others as done.
func (x *execution) todo(chunks []state.BackfillChunk) []state.BackfillChunk {
	var todo []state.BackfillChunk
	for _, c := range chunks {
		if c.Status == state.ChunkDone {
			x.prog.Done++
		} else {
			todo = append(todo, c)
		}
	}
	x.prog.Total = len(chunks)
	return todo
}

// dispatch scans the chunks on Options.Parallel workers, at the rate the limiter allows,
// until all were handed out, ctx ends or a chunk fails in a way retrying cannot cure (fatal,
// which stops the others). tried counts the chunks handed out.
func (x *execution) dispatch(ctx context.Context, job engine.Job, todo []state.BackfillChunk) (tried int, fatal error) {
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	var fatalOnce sync.Once
	feed := make(chan state.BackfillChunk)
	var wg sync.WaitGroup
	for range min(x.o.Parallel, max(len(todo), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range feed {
				if err := x.chunk(runCtx, job, c); err != nil {
					fatalOnce.Do(func() { fatal = err; stop() })
				}
			}
		}()
	}
dispatch:
	for _, c := range todo {
		if err := x.lim.Wait(runCtx); err != nil {
			break
		}
		select {
		case feed <- c:
			tried++
		case <-runCtx.Done():
			break dispatch
		}
	}
	close(feed)
	wg.Wait()
	return tried, fatal
}

// summarize completes sum with the execution's totals and what the store holds now: the
// rules' outcomes, the run and the chunks left failed.
func (x *execution) summarize(ctx context.Context, sum Summary, fatal error) (Summary, error) {
	o, run := x.o, x.run
	sum.Scanned, sum.Failed = x.scanned, x.failed
	sum.Lines, sum.Bytes, sum.Hits = x.prog.Lines, x.prog.Bytes, x.prog.Hits
	sum.Elapsed = time.Since(x.began)
	// The summary is read back with a fresh context: the run's may be cancelled.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	var err error
	if sum.Rules, sum.Reopened, err = x.tally.rules(rctx, o.Store); err != nil {
		return sum, err
	}
	if sum.Run, err = o.Store.BackfillRun(rctx, run.ID); err != nil {
		return sum, err
	}
	if after, err := o.Store.BackfillChunks(rctx, run.ID); err == nil {
		for _, c := range after {
			if c.Status == state.ChunkFailed {
				sum.FailedChunks = append(sum.FailedChunks, c)
			}
		}
	}
	return sum, fatal
}

type execution struct {
	o     Options
	run   state.BackfillRun
	eng   *engine.Engine
	store *store
	lim   *limiter
	tally *tally

	mu              sync.Mutex // guards prog, scanned, failed and OnProgress calls
	prog            Progress
	scanned, failed int
	began           time.Time
}

// chunk scans one chunk. It returns an error only for a failure that retrying cannot cure.
func (x *execution) chunk(ctx context.Context, job engine.Job, c state.BackfillChunk) error {
	ct := &chunkTally{runID: x.run.ID, window: sources.Window{Start: c.From, End: c.To}}
	err := x.eng.ScanWindow(withChunk(ctx, ct), job, ct.window)
	if err != nil && ctx.Err() != nil {
		return nil // interrupted: the chunk stays pending for --resume
	}
	if err != nil {
		// The chunk's error text names the window and the store's answer, never a line; it is
		// still masked before it is stored, since a store's error may quote what it was sent.
		if ferr := x.o.Store.FailChunk(context.WithoutCancel(ctx), x.run.ID, c.From, x.o.Detector.Redact(err.Error())); ferr != nil {
			x.o.Logger.Error("backfill: recording a failed chunk", "err", ferr)
		}
	}
	x.mu.Lock()
	if err == nil {
		x.scanned++
		x.prog.Done++
		x.prog.Lines += ct.lines
		x.prog.Bytes += ct.bytes
		x.prog.Hits += ct.hits
	} else {
		x.failed++
		x.prog.Failed++
	}
	x.prog.Elapsed = time.Since(x.began)
	if n := x.scanned + x.failed; n > 0 {
		left := x.prog.Total - x.prog.Done - x.prog.Failed
		x.prog.ETA = time.Duration(float64(x.prog.Elapsed) / float64(n) * float64(left))
	}
	if x.o.OnProgress != nil {
		x.o.OnProgress(x.prog)
	}
	x.mu.Unlock()
	var se *sources.Error
	if err != nil && errors.As(err, &se) && !se.Retryable {
		return fmt.Errorf("backfill stopped: %w", err)
	}
	return nil
}

// chunkTally is what the successful attempt at one chunk read.
type chunkTally struct {
	runID              int64
	window             sources.Window
	lines, bytes, hits int64
}

// attempt counts one attempt at a chunk; a failed attempt's counts are dropped.
type attempt struct {
	lines, bytes int64
	hits         map[string]int64  // rule -> findings
	seen         map[[2]string]int // (rule, fingerprint) read
}

type ctxKey int

const (
	chunkKey ctxKey = iota
	attemptKey
)

func withChunk(ctx context.Context, c *chunkTally) context.Context {
	return context.WithValue(ctx, chunkKey, c)
}

func chunkOf(ctx context.Context) *chunkTally {
	c, _ := ctx.Value(chunkKey).(*chunkTally)
	return c
}

func attemptOf(ctx context.Context) *attempt {
	a, _ := ctx.Value(attemptKey).(*attempt)
	return a
}

// countingSource counts what each attempt reads and spends a rate-limit token per page.
type countingSource struct {
	sources.Source
	x *execution
}

// Unwrap is the source counted, whose capabilities the engine looks up through it.
func (s *countingSource) Unwrap() sources.Source { return s.Source }

func (s *countingSource) Scan(ctx context.Context, req sources.Request, emit func(context.Context, sources.Page) error) error {
	a := &attempt{hits: map[string]int64{}, seen: map[[2]string]int{}}
	pages := 0
	err := s.Source.Scan(ctx, req, func(pctx context.Context, p sources.Page) error {
		for i := range p.Lines {
			if p.Lines[i].Overlap == 0 {
				a.lines++
			}
			a.bytes += int64(len(p.Lines[i].Text) - p.Lines[i].Overlap)
		}
		if err := emit(context.WithValue(pctx, attemptKey, a), p); err != nil {
			return err
		}
		pages++
		// The next request goes out when emit returns: that is what the token pays for.
		return s.x.lim.Wait(ctx)
	})
	if err == nil {
		if c := chunkOf(ctx); c != nil {
			c.lines, c.bytes = a.lines, a.bytes
			for _, n := range a.hits {
				c.hits += n
			}
			s.x.tally.commit(a)
		}
	}
	return err
}

// store passes the engine's writes through, tallying them, and turns the engine's Cover of a
// chunk into CompleteChunk: coverage, counts and the chunk's state in one transaction.
type store struct {
	Store
	x *execution
}

func (s *store) RecordPage(ctx context.Context, source string, sightings []state.Sighting, checkpoint []byte, opts state.RecordOptions) (state.PageResult, error) {
	res, err := s.Store.RecordPage(ctx, source, sightings, checkpoint, opts)
	if err != nil {
		return res, err
	}
	if a := attemptOf(ctx); a != nil {
		for _, sg := range sightings {
			a.hits[sg.RuleID]++
			a.seen[[2]string{sg.RuleID, sg.Fingerprint}]++
		}
	}
	// Opened and reopened incidents are committed whatever becomes of the attempt.
	s.x.tally.changed(res)
	return res, nil
}

func (s *store) CoverScanned(ctx context.Context, source string, from, to time.Time, lines, bytes int64) error {
	if c := chunkOf(ctx); c != nil && c.window.Start.Equal(from) && c.window.End.Equal(to) {
		// The chunk was read to its end: record that even if the run is being interrupted
		// right now, or the resumed run would read it again. It is one short transaction.
		return s.Store.CompleteChunk(context.WithoutCancel(ctx), c.runID, source, from, to, state.ChunkResult{Lines: c.lines, Bytes: c.bytes, Hits: c.hits})
	}
	return s.Store.CoverScanned(ctx, source, from, to, lines, bytes)
}

// tally accumulates a run's outcome across chunks.
type tally struct {
	mu       sync.Mutex
	hits     map[string]int64
	seen     map[[2]string]bool
	opened   map[int64]bool
	reopened map[int64]bool
}

func newTally() *tally {
	return &tally{hits: map[string]int64{}, seen: map[[2]string]bool{}, opened: map[int64]bool{}, reopened: map[int64]bool{}}
}

func (t *tally) commit(a *attempt) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for r, n := range a.hits {
		t.hits[r] += n
	}
	for k := range a.seen {
		t.seen[k] = true
	}
}

func (t *tally) changed(res state.PageResult) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, id := range res.Opened {
		t.opened[id] = true
	}
	for _, id := range res.Reopened {
		t.reopened[id] = true
	}
}

// rules sorts the tally into per-rule lines: each secret read is a new incident when this
// run opened it, a known one otherwise.
func (t *tally) rules(ctx context.Context, st Store) ([]RuleSummary, int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	by := map[string]*RuleSummary{}
	get := func(r string) *RuleSummary {
		if by[r] == nil {
			by[r] = &RuleSummary{Rule: r}
		}
		return by[r]
	}
	for r, n := range t.hits {
		get(r).Hits += n
	}
	for k := range t.seen {
		in, err := st.IncidentByFingerprint(ctx, k[0], k[1])
		if err != nil {
			return nil, 0, err
		}
		if t.opened[in.ID] {
			get(k[0]).New++
		} else {
			get(k[0]).Known++
		}
	}
	var out []RuleSummary
	for _, r := range by {
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Rule < out[j].Rule })
	return out, len(t.reopened), nil
}
