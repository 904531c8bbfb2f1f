package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/prometheus/common/version"

	"github.com/leakwatch/leakwatch/internal/app"
	"github.com/leakwatch/leakwatch/internal/config"
	"github.com/leakwatch/leakwatch/internal/report"
	"github.com/leakwatch/leakwatch/queries"
)

const reportUsage = `usage: leakwatch report --config FILE (--from T [--to T] | --since D) [--source NAME] [--format md|json|html] [--output FILE]

Coverage evidence for a period: per source the covered intervals and gaps, lines and bytes
read, the rules in force, hits and incidents (redacted previews, short fingerprints) and a
one-line verdict. T is RFC 3339, a date (UTC) or relative (30d). The HTML form is a single
self-contained page. Exit status: 0 fully covered and clean, 1 gaps or incidents, 2 error.

flags:`

func cmdReport(ctx context.Context, args []string, c cli) int {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	fs.Usage = func() { fmt.Fprintln(c.stderr, reportUsage); fs.PrintDefaults() }
	sf := addStateFlags(fs, "config file")
	source := fs.String("source", "", "report on this source only (default: every configured source)")
	rf := addRangeFlags(fs, "period", "end of the period, exclusive (default: now)")
	format := fs.String("format", "md", "md, json or html")
	output := fs.String("output", "", "write to this file instead of stdout")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(c.stderr, "leakwatch report: "+format+"\n", a...)
		return 2
	}
	if fs.NArg() > 0 {
		return fail("unexpected argument %q (see leakwatch report --help)", fs.Arg(0))
	}
	if *format != "md" && *format != "json" && *format != "html" {
		return fail("--format %q: want md, json or html", *format)
	}
	now := time.Now().UTC()
	from, to, err := reportPeriod(rf, now)
	if err != nil {
		return fail("%v", err)
	}
	cfg, err := sf.loadConfig()
	if err != nil {
		return fail("%v", err)
	}
	srcs := reportSources(cfg, *source)
	proc, err := app.Open(ctx, cfg, app.Existing)
	if err != nil {
		return fail("%v", err)
	}
	defer proc.Close()
	ps, err := proc.Build(ctx, cfg, app.BuildOptions{LogOutput: c.stderr, NoNotifiers: true})
	if err != nil {
		return fail("%v", err)
	}
	var rules []string
	for _, r := range ps.Detector.Rules() {
		rules = append(rules, r.ID)
	}
	rep, err := report.Build(ctx, proc.State, report.Options{From: from, To: to, Sources: srcs, CatalogVersion: queries.CatalogVersion,
		Rules: rules, Version: version.Version, Now: now})
	if err != nil {
		return fail("%v", err)
	}
	if err := writeReport(rep, *format, *output, c.stdout); err != nil {
		return fail("%v", err)
	}
	if *output != "" || *format != "md" {
		for _, v := range rep.Verdict {
			fmt.Fprintln(c.stderr, v)
		}
	}
	if !rep.Clean {
		return 1
	}
	return 0
}

// reportPeriod is the period the range flags name: [from, to), to defaulting to now.
func reportPeriod(rf rangeFlags, now time.Time) (from, to time.Time, err error) {
	if *rf.from == "" && *rf.since == "" {
		return from, to, errors.New("say which period: --from T [--to T] or --since 30d")
	}
	tr, err := rf.parse(now)
	if err != nil {
		return from, to, err
	}
	from, to = tr.from, now
	if tr.toSet {
		to = tr.to
	}
	if !from.Before(to) {
		return from, to, fmt.Errorf("empty period: %s is not before %s", fmtTime(from), fmtTime(to))
	}
	return from, to, nil
}

// reportSources are the sources to report on: every configured one, or the one named.
func reportSources(cfg *config.Config, only string) []report.SourceInfo {
	var srcs []report.SourceInfo
	for _, s := range cfg.Sources {
		if only == "" || s.Name == only {
			// A watermark trails now by up to an interval plus the ingest delay; twice that
			// is still normal lag, not a gap.
			lag := 2 * (s.Interval.D() + s.IngestDelay.D())
			srcs = append(srcs, report.SourceInfo{Name: s.Name, Type: string(s.Type), MaxLag: max(lag, report.DefaultMaxLag)})
		}
	}
	if only != "" && len(srcs) == 0 {
		// A source removed from the config may still have history in the state.
		srcs = append(srcs, report.SourceInfo{Name: only})
	}
	return srcs
}

// writeReport writes rep in format to the output file, or to stdout when none is named.
func writeReport(rep *report.Report, format, output string, stdout io.Writer) error {
	w := stdout
	var f *os.File
	if output != "" {
		var err error
		if f, err = os.Create(output); err != nil {
			return err
		}
		w = f
	}
	var err error
	switch format {
	case "md":
		err = rep.Markdown(w)
	case "json":
		err = rep.JSON(w)
	case "html":
		err = rep.HTML(w)
	}
	if f != nil {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}
