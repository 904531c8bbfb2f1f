package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/leakwatch/leakwatch/alerting"
	"github.com/leakwatch/leakwatch/alerting/outbox"
	"github.com/leakwatch/leakwatch/internal/backfill"
	"github.com/leakwatch/leakwatch/internal/backoff"
	"github.com/leakwatch/leakwatch/internal/config"
	"github.com/leakwatch/leakwatch/internal/daemon"
	"github.com/leakwatch/leakwatch/internal/logging"
	"github.com/leakwatch/leakwatch/internal/state"
	"github.com/leakwatch/leakwatch/sources"
)

const backfillUsage = `usage: leakwatch backfill --config FILE --source NAME (--from T [--to T] | --since D) [flags]
       leakwatch backfill --config FILE --source NAME --fill-gaps [--since D | --from T --to T]
       leakwatch backfill --config FILE --source NAME --resume [--from T --to T] | --run ID
       leakwatch backfill --config FILE [--source NAME] --list

Scans a Loki or Elasticsearch source's history with the daemon's pipeline, chunk by chunk;
progress is kept in the state, so an interrupted backfill continues with --resume.
T is RFC 3339 (2026-11-01T00:00:00Z), a date (2026-11-01, UTC) or relative (30d, 12h: that
long ago). Exit status: 0 clean, 1 secrets found, 2 error or chunks left unscanned.

flags:`

func cmdBackfill(ctx context.Context, args []string, c cli) int {
	fs := flag.NewFlagSet("backfill", flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	fs.Usage = func() { fmt.Fprintln(c.stderr, backfillUsage); fs.PrintDefaults() }
	sf := addStateFlags(fs, "config file")
	source := fs.String("source", "", "source name from the config")
	rf := addRangeFlags(fs, "range", "end of the range (default: now minus the source's ingest_delay)")
	chunkS := fs.String("chunk", "", "chunk length (default: the source's chunk, 1h)")
	parallel := fs.Int("parallel", 2, "chunks in flight")
	maxRPS := fs.Float64("max-rps", 20, "requests per second to the store at most (0: unlimited)")
	alerts := fs.String("alerts", "send", "send: alert new incidents through the configured notifiers; quiet: record incidents only")
	resume := fs.Bool("resume", false, "continue the latest unfinished backfill of the source (of the same range when --from and --to are absolute)")
	runID := fs.Int64("run", 0, "continue this backfill run id")
	fillGaps := fs.Bool("fill-gaps", false, "scan only what the coverage ledger lacks (default range: from the first covered time to the watermark)")
	list := fs.Bool("list", false, "list backfill runs and exit")
	progress := fs.String("progress", "auto", "auto (a bar on a terminal, log lines otherwise), bar, log or none")
	retries := fs.Int("retries", 2, "retries of a failed chunk before it is left for --resume")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(c.stderr, "leakwatch backfill: "+format+"\n", a...)
		return 2
	}
	if fs.NArg() > 0 {
		return fail("unexpected argument %q (see leakwatch backfill --help)", fs.Arg(0))
	}
	if *alerts != "send" && *alerts != "quiet" {
		return fail("--alerts %q: want send or quiet", *alerts)
	}
	if *progress != "auto" && *progress != "bar" && *progress != "log" && *progress != "none" {
		return fail("--progress %q: want auto, bar, log or none", *progress)
	}
	if *parallel < 1 || *parallel > 32 {
		return fail("--parallel %d: want 1 to 32", *parallel)
	}
	if *maxRPS < 0 {
		return fail("--max-rps %v: want 0 (unlimited) or more", *maxRPS)
	}
	cfg, err := sf.loadConfig()
	if err != nil {
		return fail("%v", err)
	}
	if *list {
		st, err := openExistingState(ctx, cfg)
		if err != nil {
			return fail("%v", err)
		}
		defer st.Close()
		return listRuns(ctx, st, *source, c)
	}
	// Beside a running daemon a backfill is safe but must not deliver: the state serialises
	// the two writers (one SQLite write transaction at a time), sightings are idempotent and
	// an incident is opened, with its one alert queued, exactly once whichever process sees
	// it first. Two outbox workers, though, could both post the same alert, so only the
	// process holding the data dir's lock delivers. Without a daemon, the backfill takes the
	// lock itself (a daemon started meanwhile is refused until the backfill ends).
	//
	// On a shared PostgreSQL state there is no data dir lock: replicas and a backfill claim
	// outbox items row by row, so every process may deliver and none sends an alert twice.
	deliver := true
	var lock *state.DirLock
	if cfg.State.Driver != config.DriverPostgres {
		lock, err = state.LockDataDir(cfg.DataDir)
	}
	var inUse *state.InUseError
	switch {
	case cfg.State.Driver == config.DriverPostgres:
	case errors.As(err, &inUse):
		deliver = false
		fmt.Fprintf(c.stderr, "leakwatch backfill: %v\n"+
			"leakwatch backfill: scanning beside it: incidents are recorded and their alerts queued for that process (the daemon) to deliver, so none is sent twice\n",
			inUse)
	case err != nil:
		return fail("%v", err)
	default:
		defer lock.Release()
	}
	st, err := state.OpenConfig(ctx, cfg.State, cfg.DataDir)
	if err != nil {
		return fail("%v", err)
	}
	defer st.Close()
	if *source == "" {
		return fail("--source is required (one of: %s)", sourceNames(cfg))
	}
	var sc *config.Source
	for i := range cfg.Sources {
		if cfg.Sources[i].Name == *source {
			sc = &cfg.Sources[i]
		}
	}
	if sc == nil {
		return fail("no source %q in %s (sources: %s)", *source, *sf.config, sourceNames(cfg))
	}
	if sc.Type == "file" {
		return fail("source %s is a file source: files are read by position, not by time, so there is no history to backfill; "+
			"scan files with: leakwatch scan PATH...", sc.Name)
	}
	if sc.Type == "file_permissions" {
		return fail("source %s is a file_permissions audit: it checks files as they are now, so there is no history to backfill; "+
			"audit them once with: leakwatch audit PATH...", sc.Name)
	}

	now := time.Now().UTC()
	req := backfill.Request{Source: sc.Name, FillGaps: *fillGaps, Resume: *resume, RunID: *runID}
	req.Chunk = sc.Chunk.D()
	if *chunkS != "" {
		if req.Chunk, err = config.ParseDuration(*chunkS); err != nil || req.Chunk <= 0 {
			return fail("--chunk %q: want a positive duration such as 1h", *chunkS)
		}
	}
	if req.Chunk <= 0 {
		req.Chunk = time.Hour
	}
	tr, err := rf.parse(now)
	if err != nil {
		return fail("%v", err)
	}
	req.From, req.To = tr.from, tr.to
	if !tr.toSet {
		req.To = now.Add(-sc.IngestDelay.D()).Truncate(time.Second)
	}
	req.AnyRange = !tr.fromAbs || !tr.toAbs || !tr.fromSet
	switch {
	case *resume && *runID != 0:
		return fail("--resume and --run both set: use one")
	case (*resume || *runID != 0) && *fillGaps && *runID != 0:
		return fail("--run resumes a run whatever its kind: drop --fill-gaps")
	case !*resume && *runID == 0 && !tr.fromSet && !*fillGaps:
		return fail("say which range: --from T [--to T], --since 30d, --fill-gaps, or --resume")
	case !*resume && *runID == 0 && *fillGaps && !tr.fromSet:
		iv, ok, err := st.ExpectedRange(ctx, sc.Name, 0, now)
		if err != nil {
			return fail("%v", err)
		}
		if !ok {
			return fail("source %s was never scanned: there are no gaps to fill; backfill a range with --since 30d", sc.Name)
		}
		req.From, req.To = iv.From, iv.To
	}

	det, err := stateDetector(ctx, cfg, st)
	if err != nil {
		return fail("%v", err)
	}

	// Logs and the progress bar share stderr: the bar is cleared before a log line.
	pw := &progressWriter{w: c.stderr}
	logger, err := logging.New(pw, logging.Options{Format: cfg.Log.Format, Level: cfg.Log.Level, Redact: det.Redact})
	if err != nil {
		return fail("%v", err)
	}
	src, err := daemon.BuildSource(*sc, cfg, logger, nil)
	if err != nil {
		return fail("source %s: %v", sc.Name, err)
	}
	if cl, ok := src.(sources.Closer); ok {
		defer cl.Close()
	}

	run, resumed, err := backfill.Plan(ctx, st, req)
	if err != nil {
		return fail("%v", err)
	}
	if !resumed && !*fillGaps {
		if old, ok, _ := st.LatestUnfinishedRun(ctx, sc.Name, state.RunRange, time.Time{}, time.Time{}); ok && old.ID != run.ID {
			logger.Warn("an earlier backfill of this source is unfinished; continue it with --resume or --run", "run", old.ID,
				"from", old.From.Format(time.RFC3339), "to", old.To.Format(time.RFC3339))
		}
	}
	verb := "starting"
	if resumed {
		verb = "resuming"
	}
	what := "range"
	if run.Kind == state.RunGaps {
		what = "gaps of"
	}
	fmt.Fprintf(c.stderr, "leakwatch backfill: %s run #%d of %s: %s [%s, %s), %d chunks of %s, %d done before\n",
		verb, run.ID, run.Source, what, fmtTime(run.From), fmtTime(run.To), run.Chunks, shortDur(run.Chunk), run.ChunksDone)

	var (
		names []string
		ob    *outbox.Worker
		obWG  sync.WaitGroup
	)
	obCtx, stopOB := context.WithCancel(ctx)
	defer stopOB()
	if *alerts == "send" {
		ns, err := daemon.BuildNotifiersWithState(cfg, logger, st)
		if err != nil {
			return fail("%v", err)
		}
		for n := range ns {
			names = append(names, n)
		}
		sort.Strings(names)
		if deliver {
			replica := "local" // the daemon's name on SQLite: the lock makes them take turns
			if cfg.State.Driver == config.DriverPostgres {
				replica = "backfill-" + cfg.State.Replica()
			}
			ob = outbox.New(state.OutboxStore{DB: st}, func() map[string]alerting.Notifier { return ns }, outbox.Options{Logger: logger, Replica: replica, Claim: cfg.State.Lease()})
			obWG.Add(1)
			go func() { defer obWG.Done(); _ = ob.Run(obCtx) }()
		}
	}

	rep := newReporter(c.stderr, pw, *progress, run)
	opts := backfill.Options{
		Store: st, Source: src, Detector: det, Notifiers: names, ReplyEvery: cfg.Alerting.ReplyPeriod(),
		Parallel: *parallel, MaxRPS: *maxRPS, Retry: backoff.Policy{Attempts: max(*retries, 0) + 1}, Logger: logger, OnProgress: rep.update,
	}
	if ob != nil {
		opts.Kick = ob.Kick
	}
	cpu0 := cpuTime()
	sum, runErr := backfill.Execute(ctx, opts, run)
	cpu := cpuTime() - cpu0
	rep.finish()

	stopOB()
	obWG.Wait()
	if ob != nil && ctx.Err() == nil {
		dctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
		for {
			n, err := ob.DeliverDue(dctx)
			if err != nil {
				logger.Error("delivering alerts", "err", err)
				break
			}
			if n == 0 {
				break
			}
		}
		cancel()
	}
	queued, _ := st.OutboxDepth(context.WithoutCancel(ctx))

	printSummary(c.stdout, sum, cpu, queued, *alerts)
	switch {
	case runErr != nil:
		fmt.Fprintf(c.stderr, "leakwatch backfill: %v\nfix the cause, then continue with: leakwatch backfill --config %s --source %s --run %d\n",
			runErr, *sf.config, run.Source, run.ID)
		return 2
	case sum.Interrupted:
		fmt.Fprintf(c.stderr, "leakwatch backfill: interrupted; continue with: leakwatch backfill --config %s --source %s --run %d\n", *sf.config, run.Source, run.ID)
		return 2
	case sum.Failed > 0 || len(sum.FailedChunks) > 0:
		fmt.Fprintf(c.stderr, "leakwatch backfill: %d chunks failed (they are gaps in the coverage); retry them with: leakwatch backfill --config %s --source %s --run %d\n",
			len(sum.FailedChunks), *sf.config, run.Source, run.ID)
		return 2
	case sum.Hits > 0:
		return 1
	}
	return 0
}

func fmtTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// shortDur drops Go's zero units: 1h, 30m, 1h30m.
func shortDur(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}

func listRuns(ctx context.Context, st *state.SQLite, source string, c cli) int {
	runs, err := st.BackfillRuns(ctx, source)
	if err != nil {
		fmt.Fprintf(c.stderr, "leakwatch backfill: %v\n", err)
		return 2
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RUN\tSOURCE\tKIND\tFROM\tTO\tCHUNK\tDONE\tFAILED\tSTATUS\tSTARTED")
	for _, r := range runs {
		status := "unfinished"
		if r.Finished() {
			status = "finished"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%d/%d\t%d\t%s\t%s\n", r.ID, r.Source, r.Kind, fmtTime(r.From), fmtTime(r.To),
			shortDur(r.Chunk), r.ChunksDone, r.Chunks, r.ChunksFailed, status, fmtTime(r.Created))
	}
	_ = tw.Flush()
	return 0
}

func printSummary(w io.Writer, s backfill.Summary, cpu time.Duration, queued int, alerts string) {
	r := s.Run
	fmt.Fprintf(w, "backfill run #%d of %s: [%s, %s), %d chunks of %s\n", r.ID, r.Source, fmtTime(r.From), fmtTime(r.To), r.Chunks, shortDur(r.Chunk))
	fmt.Fprintf(w, "chunks:   %d done (%d in this run, %d before), %d failed, %d left\n",
		r.ChunksDone, s.Scanned, s.Skipped, len(s.FailedChunks), r.Chunks-r.ChunksDone-len(s.FailedChunks))
	perM := ""
	if s.Lines >= 10000 { // below that the figure is start-up noise
		perM = fmt.Sprintf(" (%.2fs per million lines)", cpu.Seconds()/float64(s.Lines)*1e6)
	}
	fmt.Fprintf(w, "read:     %d lines, %s in %s; leakwatch CPU %s%s\n", s.Lines, humanBytes(s.Bytes),
		s.Elapsed.Round(time.Millisecond), cpu.Round(time.Millisecond), perM)
	for _, c := range s.FailedChunks {
		fmt.Fprintf(w, "failed:   [%s, %s) after %d attempts: %s\n", fmtTime(c.From), fmtTime(c.To), c.Attempts, c.LastError)
	}
	if len(s.Rules) == 0 {
		fmt.Fprintln(w, "findings: none")
		return
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "RULE\tHITS\tNEW INCIDENTS\tKNOWN INCIDENTS\t")
	var nw, kn int
	for _, ru := range s.Rules {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t\n", ru.Rule, ru.Hits, ru.New, ru.Known)
		nw += ru.New
		kn += ru.Known
	}
	_ = tw.Flush()
	fmt.Fprintf(w, "\nfindings: %d hits, %d new incidents, %d known, %d reopened (details: leakwatch incidents list)\n", s.Hits, nw, kn, s.Reopened)
	if alerts == "quiet" {
		fmt.Fprintln(w, "alerts:   quiet (incidents recorded, nothing sent)")
	} else if queued > 0 {
		fmt.Fprintf(w, "alerts:   %d not delivered yet (they stay queued; the daemon delivers them)\n", queued)
	}
}

// progressWriter is stderr shared by log lines and the progress bar: a log line first
// clears the bar, which the next update draws again.
type progressWriter struct {
	mu  sync.Mutex
	w   io.Writer
	bar *progressbar.ProgressBar
}

func (p *progressWriter) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		_ = p.bar.Clear()
	}
	return p.w.Write(b)
}

// reporter shows progress: a bar on a terminal, a log line at most every 10s otherwise.
type reporter struct {
	pw    *progressWriter
	mode  string
	total int
	last  time.Time
	prev  backfill.Progress
	every time.Duration
}

func newReporter(stderr io.Writer, pw *progressWriter, mode string, run state.BackfillRun) *reporter {
	if mode == "auto" {
		mode = "log"
		if isTerminal(stderr) {
			mode = "bar"
		}
	}
	r := &reporter{pw: pw, mode: mode, total: run.Chunks, every: 10 * time.Second, last: time.Now()}
	if mode == "bar" {
		pw.bar = progressbar.NewOptions(run.Chunks,
			progressbar.OptionSetWriter(stderr),
			progressbar.OptionSetDescription("chunks"),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionSetWidth(30),
		)
		_ = pw.bar.Set(run.ChunksDone)
	}
	return r
}

func (r *reporter) update(p backfill.Progress) {
	r.prev = p
	switch r.mode {
	case "bar":
		r.pw.mu.Lock()
		r.pw.bar.Describe(fmt.Sprintf("%d lines, %s, %d hits, %d failed", p.Lines, humanBytes(p.Bytes), p.Hits, p.Failed))
		_ = r.pw.bar.Set(p.Done + p.Failed)
		r.pw.mu.Unlock()
	case "log":
		if p.Done+p.Failed < p.Total && time.Since(r.last) < r.every {
			return
		}
		r.last = time.Now()
		r.line(p)
	}
}

func (r *reporter) line(p backfill.Progress) {
	pct := 100.0
	if p.Total > 0 {
		pct = 100 * float64(p.Done) / float64(p.Total)
	}
	eta := "-"
	if p.ETA > 0 {
		eta = p.ETA.Round(time.Second).String()
	}
	fmt.Fprintf(r.pw, "leakwatch backfill: %d/%d chunks (%.1f%%), %d failed, %d lines, %s, %d hits, elapsed %s, ETA %s\n",
		p.Done, p.Total, pct, p.Failed, p.Lines, humanBytes(p.Bytes), p.Hits, p.Elapsed.Round(time.Second), eta)
}

func (r *reporter) finish() {
	if r.mode == "log" && r.prev.Total > 0 && r.prev.Done+r.prev.Failed < r.prev.Total {
		r.line(r.prev) // interrupted: say where it stopped
	}
	if r.mode == "bar" {
		r.pw.mu.Lock()
		_ = r.pw.bar.Exit()
		fmt.Fprintln(r.pw.w)
		r.pw.bar = nil
		r.pw.mu.Unlock()
	}
}
