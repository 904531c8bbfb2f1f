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
		_, err := s.NewJob(gocron.DurationJob(sj.Interval),
			gocron.NewTask(func(ctx context.Context) {
				// Errors are logged and counted by ScanWindow; the watermark did not move, so
				// the next run scans the same windows again.
				_ = e.RunOnce(ctx, j)
			}),
			gocron.WithName(j.Source.Name()),
			gocron.WithSingletonMode(gocron.LimitModeReschedule),
			gocron.WithStartAt(gocron.WithStartImmediately()),
			gocron.WithContext(ctx),
		)
		if err != nil {
			return fmt.Errorf("schedule source %s: %w", j.Source.Name(), err)
		}
	}
	s.Start()
	<-ctx.Done()
	return s.Shutdown()
}
