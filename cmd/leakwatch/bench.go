package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/corpus"
	"github.com/leakwatch/leakwatch/queries"
)

// Targets the detector is held to (see `leakwatch bench`).
const (
	targetRecall    = 0.995
	targetPrecision = 0.995
	targetMBps      = 100.0
	targetPeakMiB   = 64.0
)

type benchOptions struct {
	size, baseline        int64
	seed                  int64
	secretRate, decoyRate float64
	out, cpuprofile       string
}

type benchResult struct {
	truth *corpus.Truth
	score corpus.Score
	rules int
	// Full corpus with the prefilter.
	scanned        int64
	wall, cpu      time.Duration
	genTime        time.Duration
	newTime        time.Duration // detector.New: the detector ready, regexes not compiled
	compileTime    time.Duration // compiling every rule, which a scan does lazily
	baselineBytes  int64
	fastWall       time.Duration // prefilter over the baseline prefix
	slowWall       time.Duration // no prefilter over the baseline prefix
	peakRSS        int64         // bytes, VmHWM
	gomaxprocs     int
	corpusPath     string
	keptCorpusFile bool
}

func (r benchResult) mbps() float64     { return mb(r.scanned) / r.wall.Seconds() }
func (r benchResult) cpuMBps() float64  { return mb(r.scanned) / r.cpu.Seconds() }
func (r benchResult) fastMBps() float64 { return mb(r.baselineBytes) / r.fastWall.Seconds() }
func (r benchResult) slowMBps() float64 { return mb(r.baselineBytes) / r.slowWall.Seconds() }
func mb(n int64) float64                { return float64(n) / 1e6 }
func ms(d time.Duration) float64        { return float64(d.Microseconds()) / 1000 }

// cmdBench generates a corpus with planted secrets, scans it with the whole catalogue through
// the line reader and the detector on one goroutine, and reports throughput (with and without
// the keyword prefilter), recall, precision and peak memory against the targets.
func cmdBench(ctx context.Context, args []string, c cli) int {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	size := fs.String("size", "256MB", "corpus size (KB, MB, GB are powers of 1024)")
	baseline := fs.String("baseline", "16MB", "how much of the corpus to also scan without the prefilter (it is slow)")
	seed := fs.Int64("seed", 1, "corpus seed")
	secretRate := fs.Float64("secret-rate", 1.0/500, "share of log records carrying a planted secret")
	decoyRate := fs.Float64("decoy-rate", 1.0/500, "share of log records carrying a decoy")
	out := fs.String("out", "", "keep the corpus in `FILE` (default: a temporary file, removed)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the prefiltered scan to `FILE`")
	fs.Usage = func() {
		fmt.Fprintln(c.stderr, "usage: leakwatch bench [flags]\n\nGenerate a log corpus with planted secrets and decoys, scan it, and report speed, recall, precision and memory.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	o := benchOptions{seed: *seed, secretRate: *secretRate, decoyRate: *decoyRate, out: *out, cpuprofile: *cpuprofile}
	var err error
	if o.size, err = parseSize(*size); err != nil {
		fmt.Fprintf(c.stderr, "leakwatch bench: --size: %v\n", err)
		return 2
	}
	if o.baseline, err = parseSize(*baseline); err != nil {
		fmt.Fprintf(c.stderr, "leakwatch bench: --baseline: %v\n", err)
		return 2
	}
	res, err := runBench(ctx, o, c.stderr)
	if err != nil {
		fmt.Fprintf(c.stderr, "leakwatch bench: %v\n", err)
		return 2
	}
	if !printBench(c.stdout, res, o) {
		return 1
	}
	return 0
}

func parseSize(s string) (int64, error) {
	u := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, x := range []struct {
		suffix string
		m      int64
	}{{"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10}, {"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(u, x.suffix) {
			u, mult = strings.TrimSpace(strings.TrimSuffix(u, x.suffix)), x.m
			break
		}
	}
	n, err := strconv.ParseFloat(u, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q: want a positive size such as 256MB or 1GB", s)
	}
	return int64(n * float64(mult)), nil
}

func runBench(ctx context.Context, o benchOptions, progress io.Writer) (benchResult, error) {
	res := benchResult{gomaxprocs: runtime.GOMAXPROCS(0)}
	f, err := res.createCorpus(o)
	if err != nil {
		return res, err
	}
	defer func() {
		f.Close()
		if !res.keptCorpusFile {
			os.Remove(res.corpusPath)
		}
	}()
	fmt.Fprintf(progress, "generating %s corpus …\n", humanBytes(o.size))
	start := time.Now()
	rules := queries.Catalog()
	res.rules = len(rules)
	res.truth, err = corpus.Generate(f, corpus.Options{Size: o.size, Seed: o.seed, SecretRate: o.secretRate, DecoyRate: o.decoyRate, Rules: rules})
	if err != nil {
		return res, err
	}
	res.genTime = time.Since(start)

	fast, slow, err := res.newDetectors(rules)
	if err != nil {
		return res, err
	}
	fmt.Fprintf(progress, "scanning %s with %d rules …\n", humanBytes(res.truth.Bytes), res.rules)
	if err := res.scanAll(ctx, f, fast, o.cpuprofile); err != nil {
		return res, err
	}
	res.baselineBytes = min(o.baseline, res.truth.Bytes)
	fmt.Fprintf(progress, "scanning the first %s without the prefilter …\n", humanBytes(res.baselineBytes))
	if err := res.scanBaseline(ctx, f, fast, slow); err != nil {
		return res, err
	}
	res.peakRSS = peakRSS()
	return res, nil
}

// createCorpus creates the corpus file: --out, or a temporary file removed at the end.
func (r *benchResult) createCorpus(o benchOptions) (*os.File, error) {
	var f *os.File
	var err error
	if o.out != "" {
		f, err = os.Create(o.out)
		r.keptCorpusFile = true
	} else {
		f, err = os.CreateTemp("", "leakwatch-bench-*.log")
	}
	if err != nil {
		return nil, fmt.Errorf("corpus file: %w (pass --out to choose where it goes)", err)
	}
	r.corpusPath = f.Name()
	return f, nil
}

// newDetectors builds the detector measured (fast) and one without the prefilter (slow).
// Start-up: a detector is ready once its prefilter is built; each rule's regex is compiled on
// the first hit of its keywords. Compiling all of them is timed apart, then done, so the
// scans measure steady-state throughput.
func (r *benchResult) newDetectors(rules []*queries.Rule) (fast, slow *detector.Detector, err error) {
	key := make([]byte, 32)
	rand.Read(key)
	t0 := time.Now()
	fast, err = detector.New(rules, detector.Options{Key: key, Allow: detector.DefaultAllow})
	if err != nil {
		return nil, nil, err
	}
	r.newTime = time.Since(t0)
	t0 = time.Now()
	fast.CompileAll()
	r.compileTime = time.Since(t0)
	slow, err = detector.New(queries.Catalog(), detector.Options{Key: key, Allow: detector.DefaultAllow, NoPrefilter: true})
	if err != nil {
		return nil, nil, err
	}
	return fast, slow, nil
}

// scanAll scans the whole corpus with the prefilter, scoring the findings against the planted
// secrets, under a CPU profile when asked.
func (r *benchResult) scanAll(ctx context.Context, f *os.File, fast *detector.Detector, cpuprofile string) error {
	if cpuprofile != "" {
		pf, err := os.Create(cpuprofile)
		if err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
		defer pf.Close()
		if err := pprof.StartCPUProfile(pf); err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
	}
	sc := corpus.NewScorer(r.truth)
	var err error
	r.scanned, r.wall, r.cpu, err = timedScan(ctx, f, -1, fast, func(line, s, e int, fd detector.Finding) { sc.Add(line, s, e, fd.RuleID) })
	if cpuprofile != "" {
		pprof.StopCPUProfile()
	}
	if err != nil {
		return err
	}
	r.score = sc.Result()
	return nil
}

// scanBaseline scans the first baselineBytes with and without the prefilter.
func (r *benchResult) scanBaseline(ctx context.Context, f *os.File, fast, slow *detector.Detector) error {
	noop := func(int, int, int, detector.Finding) {}
	var n int64
	var err error
	if n, r.fastWall, _, err = timedScan(ctx, f, r.baselineBytes, fast, noop); err != nil {
		return err
	}
	if _, r.slowWall, _, err = timedScan(ctx, f, r.baselineBytes, slow, noop); err != nil {
		return err
	}
	r.baselineBytes = n
	return nil
}

// timedScan scans the first limit bytes of f (all when limit < 0) on this goroutine and
// returns the bytes read, wall time and process CPU time (which includes the GC's).
func timedScan(ctx context.Context, f *os.File, limit int64, d *detector.Detector, found func(int, int, int, detector.Finding)) (int64, time.Duration, time.Duration, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return 0, 0, 0, fmt.Errorf("corpus file: %w", err)
	}
	var r io.Reader = ctxReader{ctx, f}
	if limit >= 0 {
		r = io.LimitReader(r, limit)
	}
	runtime.GC()
	cpu0, wall0 := cpuTime(), time.Now()
	n, err := corpus.Scan(bufio.NewReaderSize(r, 1<<20), d, found)
	return n, time.Since(wall0), cpuTime() - cpu0, err
}

type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakRSS reads the process's resident-set high-water mark (Linux); 0 when unknown.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return 0
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.2f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// printBench writes the report and returns whether every target was met.
func printBench(w io.Writer, r benchResult, o benchOptions) bool {
	t := r.truth
	fmt.Fprintf(w, "corpus: %s, %d lines, seed %d, generated in %.1fs", humanBytes(t.Bytes), t.Lines, o.seed, r.genTime.Seconds())
	if r.keptCorpusFile {
		fmt.Fprintf(w, ", kept in %s", r.corpusPath)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "  records: %s\n", counts(t.Records))
	fmt.Fprintf(w, "  planted: %d secrets of %d rules (templates from %d of %d rules), %d decoys\n", len(t.Secrets), len(t.Formats), t.Rules, r.rules, len(t.Decoys))
	ctxs := map[string]int{}
	for _, p := range t.Secrets {
		ctxs[p.Context]++
	}
	fmt.Fprintf(w, "  secrets in: %s\n", counts(ctxs))
	fmt.Fprintf(w, "  decoys: %s\n", counts(t.Kinds))
	fmt.Fprintf(w, "start-up: detector ready in %.1f ms; compiling all %d rules would add %.1f ms (done lazily, on the first hit of a rule's keywords)\n",
		ms(r.newTime), r.rules, ms(r.compileTime))
	fmt.Fprintf(w, "scan (1 goroutine, GOMAXPROCS %d, %d rules, steady state: every rule compiled):\n", r.gomaxprocs, r.rules)
	fmt.Fprintf(w, "  with prefilter:    %8.1f MB/s wall, %.1f MB/s per CPU-second (%s in %.2fs)\n", r.mbps(), r.cpuMBps(), humanBytes(r.scanned), r.wall.Seconds())
	fmt.Fprintf(w, "  first %s: with prefilter %.1f MB/s, without %.1f MB/s: prefilter is %.1fx faster\n", humanBytes(r.baselineBytes), r.fastMBps(), r.slowMBps(), r.slowWall.Seconds()/r.fastWall.Seconds())
	s := r.score
	fmt.Fprintf(w, "accuracy: recall %.2f%% (%d/%d), precision %.2f%% (%d/%d findings)\n", 100*s.Recall(), s.Recalled, s.Planted, 100*s.Precision(), s.Correct, s.Findings)
	if len(s.Missed) > 0 {
		fmt.Fprintf(w, "  missed: %s (lines %v)\n", counts(s.Missed), s.MissedLines)
	}
	if len(s.DecoyHits) > 0 {
		fmt.Fprintf(w, "  decoys reported: %s\n", counts(s.DecoyHits))
	}
	if len(s.Duplicates) > 0 {
		fmt.Fprintf(w, "  planted secret reported by another rule: %s\n", counts(s.Duplicates))
	}
	if len(s.Unexpected) > 0 {
		fmt.Fprintf(w, "  unexpected findings: %s (lines %v)\n", counts(s.Unexpected), s.UnexpectedLines)
	}
	if s.FindingsOutsideRun > 0 {
		fmt.Fprintf(w, "  planted secrets reported more than once: %d\n", s.FindingsOutsideRun)
	}
	peak := float64(r.peakRSS) / (1 << 20)
	fmt.Fprintf(w, "memory: peak RSS %.1f MiB (VmHWM, whole run)\n", peak)
	ok := true
	check := func(name string, met bool, detail string) {
		mark := "ok  "
		if !met {
			mark, ok = "MISS", false
		}
		fmt.Fprintf(w, "  %s %s %s\n", mark, name, detail)
	}
	fmt.Fprintln(w, "targets:")
	check("recall", s.Recall() >= targetRecall, fmt.Sprintf("%.2f%% >= %.1f%%", 100*s.Recall(), 100*targetRecall))
	check("precision", s.Precision() >= targetPrecision, fmt.Sprintf("%.2f%% >= %.1f%%", 100*s.Precision(), 100*targetPrecision))
	check("throughput", r.cpuMBps() >= targetMBps, fmt.Sprintf("%.1f MB/s per core >= %.0f", r.cpuMBps(), targetMBps))
	memNote := ""
	if t.Bytes < 1<<30 {
		memNote = " (the target is stated for a 1 GB corpus: run with --size 1GB)"
	}
	check("memory", peak <= targetPeakMiB, fmt.Sprintf("%.1f MiB <= %.0f MiB%s", peak, targetPeakMiB, memNote))
	return ok
}

func counts(m map[string]int) string {
	var parts []string
	for _, k := range corpus.Sorted(m) {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}
