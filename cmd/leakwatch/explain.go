package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/leakwatch/leakwatch/internal/app"
	"github.com/leakwatch/leakwatch/internal/config"
	"github.com/leakwatch/leakwatch/internal/engine"
	"github.com/leakwatch/leakwatch/internal/ruleset"
	"github.com/leakwatch/leakwatch/pushdown"
	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/elasticsearch"
	"github.com/leakwatch/leakwatch/sources/loki"
)

const explainUsage = `usage: leakwatch explain --config FILE [--source NAME] [--measure] [--rules]

Prints the exact requests leakwatch sends for the next window of each source (from the
watermark in the state when there is one, else the first window): for Loki the scan (the
LogQL query and its parameters), the counts of lines in scope before it, and a later
re-verification of a covered bucket; the search body for Elasticsearch/OpenSearch.
Credentials are never printed. --measure sends each Loki request once and prints Loki's own
statistics, the scan next to a query that reads the same range once and keeps nothing (the
least any filter costs), so you can see what leakwatch costs your Loki before deploying it.

flags:`

func cmdExplain(ctx context.Context, args []string, c cli) int {
	fs := flag.NewFlagSet("explain", flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	fs.Usage = func() { fmt.Fprintln(c.stderr, explainUsage); fs.PrintDefaults() }
	sf := addStateFlags(fs, "config file")
	only := fs.String("source", "", "explain this source only")
	measure := fs.Bool("measure", false, "run each Loki query once and print Loki's statistics")
	rules := fs.Bool("rules", false, "also list, per rule, the literal of the plan its lines ride on")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(c.stderr, "leakwatch explain: "+format+"\n", a...)
		return 2
	}
	if fs.NArg() > 0 {
		return fail("unexpected argument %q (see leakwatch explain --help)", fs.Arg(0))
	}
	cfg, err := sf.loadConfig()
	if err != nil {
		return fail("%v", err)
	}
	var picked []config.Source
	for _, sc := range cfg.Sources {
		if *only == "" || sc.Name == *only {
			picked = append(picked, sc)
		}
	}
	if len(picked) == 0 {
		return fail("no source %q in %s (sources: %s)", *only, cfg.Path, sourceNames(cfg))
	}
	// The fingerprint key plays no part in a query: a throwaway one keeps this command from
	// creating the installation's key.
	det, err := ruleset.Build(cfg, []byte("explain"), nil)
	if err != nil {
		return fail("%v", err)
	}
	filter := engine.Filter(det)
	p := filter.Plan
	regexes := ""
	if n := p.Estimate.Regexes; n > 0 {
		regexes = fmt.Sprintf(", %d regexes run on the lines reaching a later stage", n)
	}
	fmt.Fprintf(c.stdout, "pushdown plan: %d rules; %d literal tests on every line (%d case-insensitive) in %d stage(s)%s; modelled cost %.1f× a plain pass over the window, %.2f%% of ordinary lines sent back\n",
		len(det.Rules()), len(firstStage(p)), firstStage(p).Folded(), len(p.Stages), regexes, p.Estimate.Cost, 100*p.Estimate.Returned)
	if *rules {
		printCovers(c.stdout, p)
	}
	wms := watermarks(ctx, cfg)
	now := time.Now()
	code := 0
	for _, sc := range picked {
		if !explainSource(ctx, c, cfg, sc, wms, filter, *measure, now) {
			code = 2
		}
	}
	return code
}

// explainSource prints the requests of sc's next window; false when one could not be made
// or measured (the error is printed).
func explainSource(ctx context.Context, c cli, cfg *config.Config, sc config.Source, wms map[string]time.Time, filter sources.Filter, measure bool, now time.Time) bool {
	fmt.Fprintf(c.stdout, "\nsource %s (%s)\n", sc.Name, sc.Type)
	if sc.Traits().ByPosition {
		fmt.Fprintln(c.stdout, "  files are read in full by leakwatch itself: there is no store query to explain")
		return true
	}
	wm, ok := wms[sc.Name]
	ws := engine.Windows(app.WindowPlan(sc), wm, ok, now)
	if len(ws) == 0 {
		fmt.Fprintln(c.stdout, "  nothing to scan yet: the watermark is within ingest_delay of now")
		return true
	}
	w := ws[0]
	from := "the watermark minus overlap"
	if !ok {
		from = "initial_lookback: never scanned"
	}
	fmt.Fprintf(c.stdout, "  next window %s (%s)\n", w, from)
	src, err := app.BuildSource(sc, cfg, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		fmt.Fprintf(c.stderr, "leakwatch explain: source %s: %v\n", sc.Name, err)
		return false
	}
	if cl, ok := src.(sources.Closer); ok {
		defer cl.Close()
	}
	req := sources.Request{Window: w, Filter: filter}
	switch s := src.(type) {
	case *loki.Source:
		return explainLoki(ctx, c, s, sc, req, measure)
	case *elasticsearch.Source:
		path, body, err := s.Explain(req)
		if err != nil {
			fmt.Fprintf(c.stderr, "leakwatch explain: source %s: %v\n", sc.Name, err)
			return false
		}
		fmt.Fprintf(c.stdout, "  POST %s (on each node of urls; /_search with a point in time where the cluster has one)\n", path)
		for _, l := range strings.Split(string(body), "\n") {
			fmt.Fprintf(c.stdout, "    %s\n", l)
		}
		if measure {
			fmt.Fprintln(c.stdout, "  --measure applies to Loki sources: Elasticsearch reports a search's cost in its slow log and profile API")
		}
	}
	return true
}

// explainLoki prints (and with measure sends) a Loki source's scan of the window, the counts
// before it and a later re-verification.
func explainLoki(ctx context.Context, c cli, s *loki.Source, sc config.Source, req sources.Request, measure bool) bool {
	ok := true
	w := req.Window
	fmt.Fprintln(c.stdout, "  scan (the first page of each selector; later pages move start, later chunks the range):")
	for _, r := range s.Explain(req) {
		printLokiRequest(c.stdout, r)
		if measure {
			if err := measureLoki(ctx, c.stdout, s, r); err != nil {
				fmt.Fprintf(c.stderr, "leakwatch explain: %v\n", err)
				ok = false
			}
		}
	}
	plan := app.WindowPlan(sc)
	if plan.Recheck <= 0 {
		fmt.Fprintln(c.stdout, "  count and re-verification: off (recheck: 0)")
		return ok
	}
	fmt.Fprintln(c.stdout, "  count (before the scan: the lines in scope of each part of the window in a re-verification bucket, not yet counted):")
	for _, r := range s.ExplainCounts(engine.Pieces(w, plan.Bucket)) {
		printLokiRequest(c.stdout, r)
		if measure && !measureLokiRequest(ctx, c, s, r) {
			ok = false
		}
	}
	end := w.Start.Truncate(plan.Bucket)
	bucket := sources.Window{Start: end.Add(-plan.Bucket), End: end}
	fmt.Fprintf(c.stdout, "  re-verification (later, of each covered bucket within recheck %s, as of %s): its index volume; a count only when it changed since its last count; a rescan only when the count grew:\n",
		sc.RecheckHorizon(), bucket)
	for _, r := range s.ExplainReverify(bucket) {
		printLokiRequest(c.stdout, r)
		if measure && !measureLokiRequest(ctx, c, s, r) {
			ok = false
		}
	}
	return ok
}

func firstStage(p *pushdown.Plan) pushdown.Clause {
	if p.Empty() {
		return nil
	}
	return p.Stages[0]
}

func printCovers(w io.Writer, p *pushdown.Plan) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  rule\tlines ride on")
	for _, c := range p.Covers {
		var ls []string
		for _, l := range c.Literals {
			s := fmt.Sprintf("%q", l.Text)
			if l.IgnoreCase {
				s += " (any case)"
			}
			ls = append(ls, s)
		}
		fmt.Fprintf(tw, "  %s\t%s\n", c.RuleID, strings.Join(ls, " or "))
	}
	tw.Flush()
}

// printLokiRequest prints one request as leakwatch sends it (credentials named, never
// shown).
func printLokiRequest(w io.Writer, r loki.Request) {
	fmt.Fprintf(w, "  %s %s\n", r.Method, r.URL)
	for _, h := range slices.Sorted(maps.Keys(r.Header)) {
		fmt.Fprintf(w, "    %s: %s\n", h, r.Header.Get(h))
	}
	for _, k := range []string{"start", "end", "time", "step", "limit", "direction"} {
		if v := r.Form.Get(k); v != "" {
			fmt.Fprintf(w, "    %s=%s\n", k, v)
		}
	}
	fmt.Fprintf(w, "    query=%s\n", r.Form.Get("query"))
}

// measureLokiRequest sends r once and prints what Loki reports it cost.
func measureLokiRequest(ctx context.Context, c cli, s *loki.Source, r loki.Request) bool {
	st, err := s.MeasureRequest(ctx, r)
	if err != nil {
		fmt.Fprintf(c.stderr, "leakwatch explain: %v\n", err)
		return false
	}
	if st.BytesProcessed == 0 && st.LinesProcessed == 0 && strings.HasSuffix(r.URL, "/index/volume") {
		fmt.Fprintf(c.stdout, "    measured: %v, from the index (no chunk read)\n", st.ExecTime.Round(time.Millisecond))
		return true
	}
	fmt.Fprintf(c.stdout, "    measured (Loki's stats.summary): exec %v, %d lines / %d bytes processed\n", st.ExecTime.Round(time.Millisecond), st.LinesProcessed, st.BytesProcessed)
	return true
}

// measureLoki runs r's query once, and the floor query over the same range, and prints
// Loki's statistics of both.
func measureLoki(ctx context.Context, w io.Writer, s *loki.Source, r loki.Request) error {
	floor, err := s.Measure(ctx, r.Selector+" "+loki.FloorFilter, r.From, r.To)
	if err != nil {
		return err
	}
	got, err := s.Measure(ctx, r.Form.Get("query"), r.From, r.To)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  measured (first page; Loki's stats.summary):\n")
	fmt.Fprintf(w, "    plain pass (%s): exec %v, %d lines / %d bytes processed\n", loki.FloorFilter, floor.ExecTime.Round(time.Millisecond), floor.LinesProcessed, floor.BytesProcessed)
	fmt.Fprintf(w, "    leakwatch's query:  exec %v, %d lines / %d bytes processed, %d entries returned\n", got.ExecTime.Round(time.Millisecond), got.LinesProcessed, got.BytesProcessed, got.Entries)
	if floor.ExecTime > 0 {
		fmt.Fprintf(w, "    cost: %.1f× a plain pass\n", got.ExecTime.Seconds()/floor.ExecTime.Seconds())
	}
	return nil
}

// watermarks reads each source's watermark from the state, when there is a state: explain
// only reads it.
func watermarks(ctx context.Context, cfg *config.Config) map[string]time.Time {
	out := map[string]time.Time{}
	proc, err := app.Open(ctx, cfg, app.Existing)
	if err != nil {
		return out // no state yet: every source starts at its initial_lookback
	}
	defer proc.Close()
	for _, sc := range cfg.Sources {
		if wm, ok, err := proc.State.Watermark(ctx, sc.Name); err == nil && ok {
			out[sc.Name] = wm
		}
	}
	return out
}
