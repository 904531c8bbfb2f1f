package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/app"
	"github.com/leakwatch/leakwatch/internal/config"
	"github.com/leakwatch/leakwatch/internal/ignorefile"
	"github.com/leakwatch/leakwatch/internal/ruleset"
	"github.com/leakwatch/leakwatch/internal/state"
)

// The flags and setup shared by the commands that work on the state (backfill, report,
// incidents): where the config and the state are, a period, and the daemon's detector.

// stateFlags are --config and --data-dir.
type stateFlags struct{ config, dataDir *string }

func addStateFlags(fs *flag.FlagSet, configUsage string) stateFlags {
	return stateFlags{
		config:  fs.String("config", "/etc/leakwatch/config.yaml", configUsage),
		dataDir: fs.String("data-dir", "", "state directory (overrides the config's data_dir)"),
	}
}

// loadConfig loads --config with --data-dir applied.
func (f stateFlags) loadConfig() (*config.Config, error) {
	cfg, err := config.Load(*f.config)
	if err != nil {
		return nil, err
	}
	if *f.dataDir != "" {
		cfg.DataDir = *f.dataDir
	}
	return cfg, nil
}

// openExistingState opens the state named by --data-dir (SQLite there) or else by the
// config's state block (the config is read only then, so --data-dir works without one).
func (f stateFlags) openExistingState(ctx context.Context) (*state.DB, error) {
	if *f.dataDir != "" {
		return openExistingState(ctx, &config.Config{DataDir: *f.dataDir})
	}
	cfg, err := config.Load(*f.config)
	if err != nil {
		return nil, err
	}
	return openExistingState(ctx, cfg)
}

// ignorePath is the daemon's ignore file: the config's rules.ignore_file, else
// .leakwatchignore in the data dir (also when only --data-dir is given and no config loads).
func (f stateFlags) ignorePath() string {
	cfg, err := f.loadConfig()
	if err != nil {
		return filepath.Join(*f.dataDir, ignorefile.DefaultName)
	}
	p, _ := cfg.IgnorePath()
	return p
}

// openExistingState opens the config's state: a shared PostgreSQL database, or SQLite in
// data_dir, which must exist: a command that only reads the state says where it looked
// rather than creating an empty one.
func openExistingState(ctx context.Context, cfg *config.Config) (*state.DB, error) {
	if cfg.State.Driver == config.DriverPostgres {
		so, err := app.StateOptions(cfg)
		if err != nil {
			return nil, err
		}
		return state.Open(ctx, so)
	}
	if _, err := os.Stat(cfg.DataDir); err != nil {
		return nil, fmt.Errorf("data dir %s: %w (pass --data-dir or --config)", cfg.DataDir, err)
	}
	return state.OpenSQLite(ctx, cfg.DataDir)
}

// stateDetector builds the daemon's detector with the installation's fingerprint key (from
// the state: the data dir's key file, or the shared database's), so fingerprints match those
// the daemon recorded.
func stateDetector(ctx context.Context, cfg *config.Config, st *state.DB) (*detector.Detector, error) {
	key, err := st.FingerprintKey(ctx, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	return ruleset.Build(cfg, key, nil)
}

// rangeFlags are --from, --to and --since.
type rangeFlags struct{ from, to, since *string }

// addRangeFlags declares them; noun names the span ("range", "period") in the usage text.
func addRangeFlags(fs *flag.FlagSet, noun, toUsage string) rangeFlags {
	return rangeFlags{
		from:  fs.String("from", "", "start of the "+noun+" (RFC 3339, date, or relative like 30d)"),
		to:    fs.String("to", "", toUsage),
		since: fs.String("since", "", "start of the "+noun+" as a duration ago (30d); same as --from 30d"),
	}
}

// timeRange is what the range flags resolve to; fromSet/toSet tell whether a bound was given
// and fromAbs/toAbs whether it was absolute (a relative one moves with now).
type timeRange struct {
	from, to       time.Time
	fromSet, toSet bool
	fromAbs, toAbs bool
}

// parse resolves the flags against now. --since D is --from D, where D must be a duration.
func (r rangeFlags) parse(now time.Time) (timeRange, error) {
	var tr timeRange
	from := *r.from
	if *r.since != "" {
		if from != "" {
			return tr, errors.New("--since and --from both set: use one")
		}
		if d, err := config.ParseDuration(*r.since); err != nil || d <= 0 {
			return tr, fmt.Errorf("--since %q: want a duration such as 30d", *r.since)
		}
		from = *r.since
	}
	var err error
	if from != "" {
		tr.fromSet = true
		if tr.from, tr.fromAbs, err = parseWhen(from, now); err != nil {
			return tr, fmt.Errorf("--from: %w", err)
		}
	}
	if *r.to != "" {
		tr.toSet = true
		if tr.to, tr.toAbs, err = parseWhen(*r.to, now); err != nil {
			return tr, fmt.Errorf("--to: %w", err)
		}
	}
	return tr, nil
}

// parseWhen reads an absolute time (RFC 3339 or a UTC date) or a relative one ("30d": that
// long before now, truncated to the second). abs tells which.
func parseWhen(s string, now time.Time) (t time.Time, abs bool, err error) {
	if s == "now" {
		return now.Truncate(time.Second), false, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), true, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t.UTC(), true, nil
	}
	d, err := config.ParseDuration(s)
	if err != nil || d <= 0 {
		return time.Time{}, false, fmt.Errorf("%q: want RFC 3339 (2026-11-01T00:00:00Z), a date (2026-11-01) or a duration ago (30d, 12h)", s)
	}
	return now.Add(-d).Truncate(time.Second), false, nil
}

func sourceNames(cfg *config.Config) string {
	var out []string
	for _, s := range cfg.Sources {
		out = append(out, s.Name)
	}
	if len(out) == 0 {
		return "none configured"
	}
	return strings.Join(out, ", ")
}
