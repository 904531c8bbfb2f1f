// Package backfill runs the daemon's pipeline (pushdown, detector, incidents, outbox) over a
// source's history: a range split in chunks, a few in flight, rate limited, with each
// chunk's progress kept in the state so an interrupted backfill resumes where it stopped,
// never rescanning a finished chunk and never skipping an unfinished one.
package backfill

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/leakwatch/leakwatch/internal/state"
)

// Chunks splits [from, to) on a grid of chunk-long steps aligned to the Unix epoch (whole
// hours for 1h, UTC midnights for 24h), so two runs over overlapping ranges cut the same
// chunks; the first and last chunk may be shorter.
func Chunks(from, to time.Time, chunk time.Duration) []state.Interval {
	if chunk <= 0 || !from.Before(to) {
		return nil
	}
	var out []state.Interval
	for s := from; s.Before(to); {
		e := gridNext(s, chunk)
		if e.After(to) {
			e = to
		}
		out = append(out, state.Interval{From: s, To: e})
		s = e
	}
	return out
}

// gridNext is the first grid point strictly after t.
func gridNext(t time.Time, step time.Duration) time.Time {
	ns := t.UnixNano()
	s := int64(step)
	r := ns % s
	if r < 0 {
		r += s
	}
	return time.Unix(0, ns-r+s).UTC()
}

// GapChunks splits each gap on the chunk grid.
func GapChunks(gaps []state.Interval, chunk time.Duration) []state.Interval {
	var out []state.Interval
	for _, g := range gaps {
		out = append(out, Chunks(g.From, g.To, chunk)...)
	}
	return out
}

// PlanStore is what planning reads and writes.
type PlanStore interface {
	CreateBackfillRun(ctx context.Context, run state.BackfillRun, chunks []state.Interval) (state.BackfillRun, error)
	BackfillRun(ctx context.Context, id int64) (state.BackfillRun, error)
	LatestUnfinishedRun(ctx context.Context, source string, kind state.RunKind, from, to time.Time) (state.BackfillRun, bool, error)
	Coverage(ctx context.Context, source string, from, to time.Time) ([]state.Interval, error)
}

// Request says which run to start or continue.
type Request struct {
	Source string
	// From and To bound the range (a new run, or a resumed run of exactly this range).
	From, To time.Time
	Chunk    time.Duration
	// FillGaps scans only what the coverage ledger lacks in [From, To).
	FillGaps bool
	// Resume continues the latest unfinished run of Source (of this range when AnyRange is
	// false) instead of starting a new one; RunID names the run instead.
	Resume   bool
	AnyRange bool
	RunID    int64
}

// ErrNothingToResume means --resume found no unfinished run.
var ErrNothingToResume = errors.New("no unfinished backfill to resume")

// Plan returns the run to execute: a new one (its chunks stored as pending) or the resumed
// one. resumed tells which.
func Plan(ctx context.Context, st PlanStore, req Request) (run state.BackfillRun, resumed bool, err error) {
	kind := state.RunRange
	if req.FillGaps {
		kind = state.RunGaps
	}
	switch {
	case req.RunID != 0:
		run, err := st.BackfillRun(ctx, req.RunID)
		if err != nil {
			return run, false, err
		}
		if run.Source != req.Source {
			return run, false, fmt.Errorf("backfill run %d is of source %s, not %s", run.ID, run.Source, req.Source)
		}
		return run, true, nil
	case req.Resume:
		from, to := req.From, req.To
		if req.AnyRange {
			from, to = time.Time{}, time.Time{}
		}
		run, ok, err := st.LatestUnfinishedRun(ctx, req.Source, kind, from, to)
		if err != nil {
			return run, false, err
		}
		if !ok {
			what := "of " + req.Source
			if !req.AnyRange {
				what += fmt.Sprintf(" over [%s, %s)", req.From.UTC().Format(time.RFC3339), req.To.UTC().Format(time.RFC3339))
			}
			return run, false, fmt.Errorf("%w %s (list runs with: leakwatch backfill --list --source %s)", ErrNothingToResume, what, req.Source)
		}
		return run, true, nil
	}
	if !req.From.Before(req.To) {
		return run, false, fmt.Errorf("empty range: --from %s is not before --to %s", req.From.UTC().Format(time.RFC3339), req.To.UTC().Format(time.RFC3339))
	}
	if req.Chunk <= 0 {
		return run, false, fmt.Errorf("chunk %s: want a positive duration", req.Chunk)
	}
	chunks := Chunks(req.From, req.To, req.Chunk)
	if req.FillGaps {
		cov, err := st.Coverage(ctx, req.Source, req.From, req.To)
		if err != nil {
			return run, false, err
		}
		chunks = GapChunks(state.Gaps(cov, req.From, req.To), req.Chunk)
	}
	run, err = st.CreateBackfillRun(ctx, state.BackfillRun{Source: req.Source, Kind: kind, From: req.From, To: req.To, Chunk: req.Chunk}, chunks)
	return run, false, err
}
