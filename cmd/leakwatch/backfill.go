package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/leakwatch/leakwatch/alerting"
	"github.com/leakwatch/leakwatch/alerting/outbox"
	"github.com/leakwatch/leakwatch/internal/app"
	"github.com/leakwatch/leakwatch/internal/backfill"
	"github.com/leakwatch/leakwatch/internal/backoff"
	"github.com/leakwatch/leakwatch/internal/config"
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

// backfillFlags are backfill's flags.
type backfillFlags struct {
	state                  stateFlags
	source, chunk          *string
	rf                     rangeFlags
	parallel, retries      *int
	maxRPS                 *float64
	alerts, progress       *string
	resume, fillGaps, list *bool
	runID                  *int64
}

func addBackfillFlags(fs *flag.FlagSet) backfillFlags {
	return backfillFlags{
		state:    addStateFlags(fs, "config file"),
		source:   fs.String("source", "", "source name from the config"),
		rf:       addRangeFlags(fs, "range", "end of the range (default: now minus the source's ingest_delay)"),
		chunk:    fs.String("chunk", "", "chunk length (default: the source's chunk, 1h)"),
		parallel: fs.Int("parallel", 2, "chunks in flight"),
		maxRPS:   fs.Float64("max-rps", 20, "requests per second to the store at most (0: unlimited)"),
		alerts:   fs.String("alerts", "send", "send: alert new incidents through the configured notifiers; quiet: record incidents only"),
		resume:   fs.Bool("resume", false, "continue the latest unfinished backfill of the source (of the same range when --from and --to are absolute)"),
		runID:    fs.Int64("run", 0, "continue this backfill run id"),
		fillGaps: fs.Bool("fill-gaps", false, "scan only what the coverage ledger lacks (default range: from the first covered time to the watermark)"),
		list:     fs.Bool("list", false, "list backfill runs and exit"),
		progress: fs.String("progress", "auto", "auto (a bar on a terminal, log lines otherwise), bar, log or none"),
		retries:  fs.Int("retries", 2, "retries of a failed chunk before it is left for --resume"),
	}
}

// check refuses flag values out of range, before anything is opened.
func (f backfillFlags) check() error {
	switch {
	case *f.alerts != "send" && *f.alerts != "quiet":
		return fmt.Errorf("--alerts %q: want send or quiet", *f.alerts)
	case *f.progress != "auto" && *f.progress != "bar" && *f.progress != "log" && *f.progress != "none":
		return fmt.Errorf("--progress %q: want auto, bar, log or none", *f.progress)
	case *f.parallel < 1 || *f.parallel > 32:
		return fmt.Errorf("--parallel %d: want 1 to 32", *f.parallel)
	case *f.maxRPS < 0:
		return fmt.Errorf("--max-rps %v: want 0 (unlimited) or more", *f.maxRPS)
	}
	return nil
}

func cmdBackfill(ctx context.Context, args []string, c cli) int {
	fs := flag.NewFlagSet("backfill", flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	fs.Usage = func() { fmt.Fprintln(c.stderr, backfillUsage); fs.PrintDefaults() }
	f := addBackfillFlags(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	fail := func(format string, a ...any) int { return backfillFail(c, format, a...) }
	if fs.NArg() > 0 {
		return fail("unexpected argument %q (see leakwatch backfill --help)", fs.Arg(0))
	}
	if err := f.check(); err != nil {
		return fail("%v", err)
	}
	cfg, err := f.state.loadConfig()
	if err != nil {
		return fail("%v", err)
	}
	if *f.list {
		proc, err := app.Open(ctx, cfg, app.Existing)
		if err != nil {
			return fail("%v", err)
		}
		defer proc.Close()
		return listRuns(ctx, proc.State, *f.source, c)
	}
	return runBackfill(ctx, cfg, f, c)
}

// backfillFail prints a backfill error and returns the usage exit code.
func backfillFail(c cli, format string, a ...any) int {
	fmt.Fprintf(c.stderr, "leakwatch backfill: "+format+"\n", a...)
	return 2
}

// runBackfill opens the state beside a running daemon if there is one, plans the run the
// flags ask for, executes it with progress reports and prints the summary.
func runBackfill(ctx context.Context, cfg *config.Config, f backfillFlags, c cli) int {
	fail := func(format string, a ...any) int { return backfillFail(c, format, a...) }
	proc, err := app.Open(ctx, cfg, app.Beside)
	if err != nil {
		return fail("%v", err)
	}
	defer proc.Close()
	if proc.InUse != nil {
		fmt.Fprintf(c.stderr, "leakwatch backfill: %v\n"+
			"leakwatch backfill: scanning beside it: incidents are recorded and their alerts queued for that process (the daemon) to deliver, so none is sent twice\n",
			proc.InUse)
	}
	sc, err := backfillSource(cfg, f)
	if err != nil {
		return fail("%v", err)
	}
	req, err := f.request(ctx, proc.State, sc)
	if err != nil {
		return fail("%v", err)
	}
	// Logs and the progress bar share stderr: the bar is cleared before a log line.
	pw := &progressWriter{w: c.stderr}
	ps, err := proc.Build(ctx, cfg, app.BuildOptions{LogOutput: pw, NoNotifiers: *f.alerts == "quiet"})
	if err != nil {
		return fail("%v", err)
	}
	src, err := app.BuildSource(*sc, cfg, ps.Logger, nil)
	if err != nil {
		return fail("source %s: %v", sc.Name, err)
	}
	if cl, ok := src.(sources.Closer); ok {
		defer cl.Close()
	}
	run, err := planBackfill(ctx, proc.State, req, ps.Logger, c)
	if err != nil {
		return fail("%v", err)
	}
	rep := newReporter(c.stderr, pw, *f.progress, run)
	opts := backfill.Options{
		Store: proc.State, Source: src, Detector: ps.Detector, Notifiers: app.Names(ps.Notifiers), ReplyEvery: cfg.Alerting.ReplyPeriod(),
		Parallel: *f.parallel, MaxRPS: *f.maxRPS, Retry: backoff.Policy{Attempts: max(*f.retries, 0) + 1}, Logger: ps.Logger, OnProgress: rep.update,
	}
	var ob *outbox.Worker
	if proc.Deliver && ps.Notifiers != nil {
		ob = proc.Outbox(func() map[string]alerting.Notifier { return ps.Notifiers }, outbox.Options{Logger: ps.Logger})
		opts.Kick = ob.Kick
	}
	sum, cpu, runErr := executeBackfill(ctx, opts, run, ob, rep)
	queued, _ := proc.State.OutboxDepth(context.WithoutCancel(ctx))
	printSummary(c.stdout, sum, cpu, queued, *f.alerts)
	return backfillExit(c, sum, runErr, *f.state.config, run)
}

// backfillSource is the source --source names, refused when it has no history to scan.
func backfillSource(cfg *config.Config, f backfillFlags) (*config.Source, error) {
	if *f.source == "" {
		return nil, fmt.Errorf("--source is required (one of: %s)", sourceNames(cfg))
	}
	var sc *config.Source
	for i := range cfg.Sources {
		if cfg.Sources[i].Name == *f.source {
			sc = &cfg.Sources[i]
		}
	}
	if sc == nil {
		return nil, fmt.Errorf("no source %q in %s (sources: %s)", *f.source, *f.state.config, sourceNames(cfg))
	}
	if why := sc.Traits().NoHistory; why != "" {
		return nil, fmt.Errorf("source %s is %s", sc.Name, why)
	}
	return sc, nil
}

// request resolves the range flags (or the coverage ledger, for --fill-gaps) into what to
// plan.
func (f backfillFlags) request(ctx context.Context, st *state.DB, sc *config.Source) (backfill.Request, error) {
	now := time.Now().UTC()
	req := backfill.Request{Source: sc.Name, FillGaps: *f.fillGaps, Resume: *f.resume, RunID: *f.runID}
	req.Chunk = sc.Chunk.D()
	if *f.chunk != "" {
		var err error
		if req.Chunk, err = config.ParseDuration(*f.chunk); err != nil || req.Chunk <= 0 {
			return req, fmt.Errorf("--chunk %q: want a positive duration such as 1h", *f.chunk)
		}
	}
	if req.Chunk <= 0 {
		req.Chunk = time.Hour
	}
	tr, err := f.rf.parse(now)
	if err != nil {
		return req, err
	}
	req.From, req.To = tr.from, tr.to
	if !tr.toSet {
		req.To = now.Add(-sc.IngestDelay.D()).Truncate(time.Second)
	}
	req.AnyRange = !tr.fromAbs || !tr.toAbs || !tr.fromSet
	resume, runID, fillGaps := *f.resume, *f.runID, *f.fillGaps
	switch {
	case resume && runID != 0:
		return req, errors.New("--resume and --run both set: use one")
	case (resume || runID != 0) && fillGaps && runID != 0:
		return req, errors.New("--run resumes a run whatever its kind: drop --fill-gaps")
	case !resume && runID == 0 && !tr.fromSet && !fillGaps:
		return req, errors.New("say which range: --from T [--to T], --since 30d, --fill-gaps, or --resume")
	case !resume && runID == 0 && fillGaps && !tr.fromSet:
		iv, ok, err := st.ExpectedRange(ctx, sc.Name, 0, now)
		if err != nil {
			return req, err
		}
		if !ok {
			return req, fmt.Errorf("source %s was never scanned: there are no gaps to fill; backfill a range with --since 30d", sc.Name)
		}
		req.From, req.To = iv.From, iv.To
	}
	return req, nil
}

// planBackfill records the run (or finds the one to resume) and says what it will scan.
func planBackfill(ctx context.Context, st *state.DB, req backfill.Request, logger *slog.Logger, c cli) (state.BackfillRun, error) {
	run, resumed, err := backfill.Plan(ctx, st, req)
	if err != nil {
		return run, err
	}
	if !resumed && !req.FillGaps {
		if old, ok, _ := st.LatestUnfinishedRun(ctx, req.Source, state.RunRange, time.Time{}, time.Time{}); ok && old.ID != run.ID {
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
	return run, nil
}

// executeBackfill scans the run while ob (when this process delivers) delivers alerts in
// the background, then delivers what is still due, within a bound, before it returns.
func executeBackfill(ctx context.Context, opts backfill.Options, run state.BackfillRun, ob *outbox.Worker, rep *reporter) (backfill.Summary, time.Duration, error) {
	obCtx, stopOB := context.WithCancel(ctx)
	defer stopOB()
	var obWG sync.WaitGroup
	if ob != nil {
		obWG.Add(1)
		go func() { defer obWG.Done(); _ = ob.Run(obCtx) }()
	}
	cpu0 := cpuTime()
	sum, runErr := backfill.Execute(ctx, opts, run)
	cpu := cpuTime() - cpu0
	rep.finish()

	stopOB()
	obWG.Wait()
	if ob != nil && ctx.Err() == nil {
		dctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
		if err := app.Drain(dctx, ob); err != nil {
			opts.Logger.Error("delivering alerts", "err", err)
		}
		cancel()
	}
	return sum, cpu, runErr
}

// backfillExit says how to continue a run that did not finish clean, and is the exit status.
func backfillExit(c cli, sum backfill.Summary, runErr error, cfgPath string, run state.BackfillRun) int {
	switch {
	case runErr != nil:
		fmt.Fprintf(c.stderr, "leakwatch backfill: %v\nfix the cause, then continue with: leakwatch backfill --config %s --source %s --run %d\n",
			runErr, cfgPath, run.Source, run.ID)
		return 2
	case sum.Interrupted:
		fmt.Fprintf(c.stderr, "leakwatch backfill: interrupted; continue with: leakwatch backfill --config %s --source %s --run %d\n", cfgPath, run.Source, run.ID)
		return 2
	case sum.Failed > 0 || len(sum.FailedChunks) > 0:
		fmt.Fprintf(c.stderr, "leakwatch backfill: %d chunks failed (they are gaps in the coverage); retry them with: leakwatch backfill --config %s --source %s --run %d\n",
			len(sum.FailedChunks), cfgPath, run.Source, run.ID)
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
