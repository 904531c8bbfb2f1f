package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/go-co-op/gocron/v2"
)

// Scheduled is a job and how often it runs.
type Scheduled struct {
	Job      Job
	Interval time.Duration
}

// Schedule runs every job on its interval until ctx ends: one gocron job per source,
// singleton mode so a source never overlaps itself (a slow run delays the next), sources
// concurrently. The first run starts immediately. Schedule returns after the scheduler
// stopped; a job in flight sees ctx cancelled and stops at its next page.
func (e *Engine) Schedule(ctx context.Context, jobs []Scheduled) error {
	s, err := gocron.NewScheduler(gocron.WithStopTimeout(30 * time.Second))
	if err != nil {
		return fmt.Errorf("scheduler: %w", err)
	}
	for _, sj := range jobs {
		j := sj.Job
		job, err := s.NewJob(gocron.DurationJob(sj.Interval),
			gocron.NewTask(func(ctx context.Context) {
				// Errors are logged and counted by ScanWindow; the watermark did not move, so
				// the next run scans the same windows again.
				_ = e.runGated(ctx, j)
			}),
			gocron.WithName(j.Source.Name()),
			gocron.WithSingletonMode(gocron.LimitModeReschedule),
			gocron.WithStartAt(gocron.WithStartImmediately()),
			gocron.WithContext(ctx),
		)
		if err != nil {
			return fmt.Errorf("schedule source %s: %w", j.Source.Name(), err)
		}
		e.mu.Lock()
		e.jobs[j.Source.Name()] = job
		e.mu.Unlock()
	}
	s.Start()
	<-ctx.Done()
	e.mu.Lock()
	clear(e.jobs)
	e.mu.Unlock()
	return s.Shutdown()
}

// RunNow runs the source's scheduled job now (a source just taken over from another
// replica is scanned at once, not at its next tick). A job already running is left alone.
func (e *Engine) RunNow(source string) {
	e.mu.Lock()
	j := e.jobs[source]
	e.mu.Unlock()
	if j != nil {
		_ = j.RunNow()
	}
}

// runGated runs one job under the gate, when one is set: a source this replica does not
// own is skipped, and the scan stops when the ownership ends (see ScanWindow).
func (e *Engine) runGated(ctx context.Context, j Job) error {
	if e.o.Gate == nil {
		return e.RunOnce(ctx, j)
	}
	gctx, done, err := e.o.Gate(ctx, j.Source.Name())
	if err != nil {
		return err
	}
	defer done()
	return e.RunOnce(gctx, j)
}
