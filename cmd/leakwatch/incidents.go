package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/leakwatch/leakwatch/internal/app"
	"github.com/leakwatch/leakwatch/internal/config"
	"github.com/leakwatch/leakwatch/internal/ignorefile"
	"github.com/leakwatch/leakwatch/internal/purge"
	"github.com/leakwatch/leakwatch/internal/state"
	"github.com/leakwatch/leakwatch/sources"
)

// incidentJSON is the stable JSON form of an incident: redacted data only.
type incidentJSON struct {
	ID          int64            `json:"id"`
	Rule        string           `json:"rule"`
	Severity    string           `json:"severity"`
	Description string           `json:"description"`
	Status      string           `json:"status"`
	Preview     string           `json:"preview"`
	Fingerprint string           `json:"fingerprint"`
	FirstSeen   time.Time        `json:"first_seen"`
	LastSeen    time.Time        `json:"last_seen"`
	Count       int64            `json:"count"`
	Sources     []string         `json:"sources,omitempty"`
	Locations   []state.Location `json:"locations,omitempty"`
	ResolvedAt  *time.Time       `json:"resolved_at,omitempty"`
	ResolvedBy  string           `json:"resolved_by,omitempty"`
	// Verified is the live verification's verdict (live, revoked, unknown), when checked.
	Verified     string        `json:"verified,omitempty"`
	VerifyReason string        `json:"verify_reason,omitempty"`
	Purges       []state.Purge `json:"purges,omitempty"`
}

func toJSON(in state.Incident) incidentJSON {
	j := incidentJSON{ID: in.ID, Rule: in.RuleID, Severity: in.Severity, Description: in.Description, Status: string(in.Status),
		Preview: in.Preview, Fingerprint: shortFP(in.Fingerprint), FirstSeen: in.FirstSeen, LastSeen: in.LastSeen, Count: in.Count,
		Sources: in.Sources, Locations: in.Locations, ResolvedBy: in.ResolvedBy,
		Verified: string(in.Verified), VerifyReason: in.VerifyReason, Purges: in.Purges}
	if !in.ResolvedAt.IsZero() {
		t := in.ResolvedAt
		j.ResolvedAt = &t
	}
	return j
}

func shortFP(fp string) string {
	if len(fp) > 12 {
		return fp[:12]
	}
	return fp
}

// incidentsFlags are the flags of the incidents subcommands (each uses some).
type incidentsFlags struct {
	state                                 stateFlags
	format, status, by                    *string
	falsePositive, dryRun, wholeMS, check *bool
	wait, poll                            *time.Duration
}

func addIncidentsFlags(fs *flag.FlagSet) incidentsFlags {
	return incidentsFlags{
		state:         addStateFlags(fs, "config file (for data_dir)"),
		format:        fs.String("format", "table", "table or json"),
		status:        fs.String("status", "", "list: open, resolved or empty for all"),
		by:            fs.String("by", "", "resolve: who resolved it (default $USER)"),
		falsePositive: fs.Bool("false-positive", false, "resolve: not a secret; add its fingerprint to the daemon's ignore list (rules.ignore_file, default <data_dir>/"+ignorefile.DefaultName+") so it is never reported again"),
		dryRun:        fs.Bool("dry-run", false, "purge: print the exact requests; send and record nothing"),
		wholeMS:       fs.Bool("whole-stream-millisecond", false, "purge: accept Loki deletes that no line filter can limit to the leaked line (no public preview part, secret in structured metadata): they delete every line of the stream in that millisecond"),
		check:         fs.Bool("check", false, "purge: follow the unconfirmed Loki delete requests of an earlier purge; send nothing new"),
		wait:          fs.Duration("wait", 6*time.Minute, "purge: how long to follow Loki delete requests until the lines are confirmed gone"),
		poll:          fs.Duration("poll", 10*time.Second, "purge: pause between two checks of a Loki delete request"),
	}
}

// incidentsCmd is one incidents subcommand at work on the open state.
type incidentsCmd struct {
	c   cli
	f   incidentsFlags
	st  *state.DB
	sub string
	pos []string
}

func cmdIncidents(ctx context.Context, args []string, c cli) int {
	if len(args) == 0 {
		fmt.Fprintln(c.stderr, "usage: leakwatch incidents list|show ID|resolve ID [--false-positive]|purge ID [--dry-run|--check] [--whole-stream-millisecond] [--config FILE | --data-dir DIR] [--format table|json]")
		return 2
	}
	sub, rest := args[0], args[1:]
	fs := flag.NewFlagSet("incidents "+sub, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	f := addIncidentsFlags(fs)
	// Accept flags before or after the positional ID.
	var pos []string
	for len(rest) > 0 {
		if err := fs.Parse(rest); err != nil {
			return 2
		}
		rest = fs.Args()
		if len(rest) > 0 {
			pos = append(pos, rest[0])
			rest = rest[1:]
		}
	}
	if *f.format != "table" && *f.format != "json" {
		fmt.Fprintf(c.stderr, "leakwatch: --format %q: want table or json\n", *f.format)
		return 2
	}
	proc, err := f.state.openExistingState(ctx)
	if err != nil {
		fmt.Fprintf(c.stderr, "leakwatch: %v\n", err)
		return 2
	}
	defer proc.Close()
	ic := incidentsCmd{c: c, f: f, st: proc.State, sub: sub, pos: pos}
	switch sub {
	case "list":
		return ic.list(ctx)
	case "show":
		return ic.show(ctx)
	case "resolve":
		return ic.resolve(ctx)
	case "purge":
		return ic.purge(ctx)
	}
	fmt.Fprintf(c.stderr, "leakwatch: incidents %q: want list, show, resolve or purge\n", sub)
	return 2
}

// id is the one positional argument, an incident id; ok false once the error is printed.
func (ic incidentsCmd) id() (int64, bool) {
	if len(ic.pos) != 1 {
		fmt.Fprintf(ic.c.stderr, "usage: leakwatch incidents %s ID\n", ic.sub)
		return 0, false
	}
	id, err := strconv.ParseInt(ic.pos[0], 10, 64)
	if err != nil {
		fmt.Fprintf(ic.c.stderr, "leakwatch: incident id %q: not a number\n", ic.pos[0])
		return 0, false
	}
	return id, true
}

func (ic incidentsCmd) list(ctx context.Context) int {
	c := ic.c
	list, err := ic.st.Incidents(ctx, state.Status(*ic.f.status))
	if err != nil {
		fmt.Fprintf(c.stderr, "leakwatch: %v\n", err)
		return 2
	}
	if *ic.f.format == "json" {
		enc := json.NewEncoder(c.stdout)
		for _, in := range list {
			_ = enc.Encode(toJSON(in))
		}
		return 0
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATUS\tSEVERITY\tRULE\tPREVIEW\tFINGERPRINT\tCOUNT\tFIRST SEEN\tLAST SEEN")
	for _, in := range list {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", in.ID, in.Status, in.Severity, in.RuleID, in.Preview,
			shortFP(in.Fingerprint), in.Count, in.FirstSeen.UTC().Format(time.RFC3339), in.LastSeen.UTC().Format(time.RFC3339))
	}
	_ = tw.Flush()
	return 0
}

func (ic incidentsCmd) show(ctx context.Context) int {
	c := ic.c
	id, ok := ic.id()
	if !ok {
		return 2
	}
	in, err := ic.st.Incident(ctx, id)
	if err != nil {
		fmt.Fprintf(c.stderr, "leakwatch: incident %d: %v\n", id, err)
		return 2
	}
	if *ic.f.format == "json" {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(toJSON(in))
		return 0
	}
	fmt.Fprintf(c.stdout, "incident %d: %s (%s)\n  status:      %s\n  severity:    %s\n  preview:     %s\n  fingerprint: %s\n  sightings:   %d\n  first seen:  %s\n  last seen:   %s\n",
		in.ID, in.Description, in.RuleID, in.Status, in.Severity, in.Preview, shortFP(in.Fingerprint), in.Count,
		in.FirstSeen.UTC().Format(time.RFC3339), in.LastSeen.UTC().Format(time.RFC3339))
	if in.Status == state.StatusResolved {
		fmt.Fprintf(c.stdout, "  resolved:    %s by %s\n", in.ResolvedAt.UTC().Format(time.RFC3339), in.ResolvedBy)
	}
	if in.Verified != "" {
		fmt.Fprintf(c.stdout, "  verified:    %s (%s) at %s\n", in.Verified, in.VerifyReason, in.VerifiedAt.UTC().Format(time.RFC3339))
	}
	for _, l := range in.Locations {
		fmt.Fprintf(c.stdout, "  seen at:     %s %s %s %s\n", l.EventTime.UTC().Format(time.RFC3339), l.Source, l.Location, l.Link)
	}
	for _, p := range in.Purges {
		id := ""
		if p.RequestID != "" {
			id = " request " + p.RequestID
		}
		fmt.Fprintf(c.stdout, "  purge:       %s %s (%s)%s: %s: %s\n", p.RequestedAt.UTC().Format(time.RFC3339), p.Source, p.Kind, id,
			strings.ToUpper(strings.ReplaceAll(string(p.Status), "_", " ")), p.Outcome)
	}
	return 0
}

func (ic incidentsCmd) resolve(ctx context.Context) int {
	c, sf := ic.c, ic.f.state
	id, ok := ic.id()
	if !ok {
		return 2
	}
	who := *ic.f.by
	if who == "" {
		who = strings.TrimSpace(c.getenv("USER"))
	}
	if who == "" {
		who = "cli"
	}
	// Receivers that act on resolutions (Alertmanager) get a "resolved" alert, enqueued
	// with the resolution; the daemon delivers it.
	var notify []string
	if cfg, err := sf.loadConfig(); err == nil {
		notify = app.ResolutionNotifiers(cfg)
	} else if *sf.dataDir != "" {
		fmt.Fprintf(c.stderr, "leakwatch: config not read (%v): the resolution reaches Alertmanager with the daemon's next re-post\n", err)
	}
	// A resolved incident may still be declared a false positive afterwards.
	if err := ic.st.ResolveNotify(ctx, id, who, time.Now(), notify); err != nil && !(*ic.f.falsePositive && errors.Is(err, state.ErrAlreadyResolved)) {
		hint := ""
		if errors.Is(err, state.ErrNotFound) {
			hint = " (see leakwatch incidents list)"
		}
		fmt.Fprintf(c.stderr, "leakwatch: resolve incident %d: %v%s\n", id, err, hint)
		return 2
	}
	if !*ic.f.falsePositive {
		fmt.Fprintf(c.stdout, "incident %d resolved by %s; it reopens if the secret is seen again\n", id, who)
		return 0
	}
	return ic.ignore(ctx, id, who)
}

// ignore adds a false positive's fingerprint to the daemon's ignore list.
func (ic incidentsCmd) ignore(ctx context.Context, id int64, who string) int {
	c := ic.c
	in, err := ic.st.Incident(ctx, id)
	if err != nil {
		fmt.Fprintf(c.stderr, "leakwatch: incident %d: %v\n", id, err)
		return 2
	}
	path := ic.f.state.ignorePath()
	added, err := ignorefile.Append(path, in.Fingerprint, fmt.Sprintf("false positive: incident %d (%s), resolved by %s", id, in.RuleID, who), time.Now())
	if err != nil {
		fmt.Fprintf(c.stderr, "leakwatch: incident %d resolved, but its fingerprint was not added to the ignore list: %v\n", id, err)
		return 2
	}
	logger := slog.New(slog.NewTextHandler(c.stderr, nil))
	if added {
		logger.Info("fingerprint added to the ignore list: the daemon reloads it by itself and never reports this secret again",
			"incident", id, "rule", in.RuleID, "fingerprint", shortFP(in.Fingerprint), "file", path, "by", who)
	} else {
		logger.Info("fingerprint already in the ignore list", "incident", id, "fingerprint", shortFP(in.Fingerprint), "file", path)
	}
	fmt.Fprintf(c.stdout, "incident %d resolved by %s as a false positive; fingerprint %s is ignored from now on (%s)\n", id, who, shortFP(in.Fingerprint), path)
	return 0
}

func (ic incidentsCmd) purge(ctx context.Context) int {
	c, f := ic.c, ic.f
	id, ok := ic.id()
	if !ok {
		return 2
	}
	cfg, err := f.state.loadConfig()
	if err != nil {
		fmt.Fprintf(c.stderr, "leakwatch: purge needs the config (its sources): %v\n", err)
		return 2
	}
	srcs, closeAll, err := purgeSources(cfg)
	if err != nil {
		fmt.Fprintf(c.stderr, "leakwatch: %v\n", err)
		return 2
	}
	defer closeAll()
	sum, err := purge.Run(ctx, purge.Options{Store: ic.st, Sources: srcs, DryRun: *f.dryRun, Check: *f.check, WholeStreamMillisecond: *f.wholeMS,
		Out: c.stdout, Wait: *f.wait, Poll: *f.poll}, id)
	if err != nil {
		fmt.Fprintf(c.stderr, "leakwatch: purge incident %d: %v\n", id, err)
		return 2
	}
	if *f.dryRun {
		return 0
	}
	fmt.Fprintf(c.stdout, "purge of incident %d: %s\n", id, summary(sum))
	if !sum.Clean() {
		return 1
	}
	return 0
}

// purgeSources builds the configured sources a purge can address, by name.
func purgeSources(cfg *config.Config) (map[string]purge.Source, func(), error) {
	out := map[string]purge.Source{}
	var opened []sources.Source
	closeAll := func() {
		for _, s := range opened {
			if c, ok := s.(sources.Closer); ok {
				_ = c.Close()
			}
		}
	}
	quiet := slog.New(slog.DiscardHandler)
	for i, sc := range cfg.Sources {
		if sc.Traits().PerHost { // this host's files: listed for a person to edit
			out[sc.Name] = purge.SourceOf(sc.Type, nil)
			continue
		}
		src, err := app.BuildSource(sc, cfg, quiet, nil)
		if err != nil {
			closeAll()
			return nil, nil, fmt.Errorf("sources[%d] (%s): %w", i, sc.Name, err)
		}
		opened = append(opened, src)
		out[sc.Name] = purge.SourceOf(sc.Type, src)
	}
	return out, closeAll, nil
}

// summary renders purge outcomes in a fixed order.
func summary(s purge.Summary) string {
	var parts []string
	for _, st := range []state.PurgeStatus{state.PurgeDeleted, state.PurgeProcessed, state.PurgeRequested, state.PurgeStillPresent,
		state.PurgeRefused, state.PurgeFailed, state.PurgeNotPossible} {
		if s[st] > 0 {
			parts = append(parts, fmt.Sprintf("%d line(s) %s", s[st], strings.ReplaceAll(string(st), "_", " ")))
		}
	}
	if len(parts) == 0 {
		return "nothing to do"
	}
	return strings.Join(parts, ", ")
}
