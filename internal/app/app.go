// Package app assembles a leakwatch process from its config, one way for every command (as
// Litestream's NewDBFromConfig serves each of its commands): the state opened, with the data
// dir locked or shared, the process's replica name, the detector with the installation's
// fingerprint key, the logger, the sources, the notifiers and the outbox worker over the
// state, and at the end the outbox drained and everything closed. The daemon
// (internal/daemon) and the commands run, backfill, incidents, report and explain use it,
// so each of them is its flags plus a few calls here.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/leakwatch/leakwatch/alerting"
	"github.com/leakwatch/leakwatch/alerting/outbox"
	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/alertstore"
	"github.com/leakwatch/leakwatch/internal/config"
	"github.com/leakwatch/leakwatch/internal/datadir"
	"github.com/leakwatch/leakwatch/internal/logging"
	"github.com/leakwatch/leakwatch/internal/ruleset"
	"github.com/leakwatch/leakwatch/internal/state"
)

// Access says how a process holds the state.
type Access int

const (
	// Exclusive is the daemon's: on SQLite it takes the data dir's lock and is refused while
	// another process holds it (two would both scan and both deliver every alert).
	Exclusive Access = iota
	// Beside is a backfill's: it takes the lock when it is free; when a daemon holds it, it
	// works beside it and leaves the delivery of its alerts to that daemon (Deliver false).
	Beside
	// Existing is for a command that reads or amends a state that must already exist
	// (incidents, report, explain): no lock, and a missing SQLite data dir is an error that
	// says where it looked rather than an empty state created there.
	Existing
)

// Process is a process's hold on the state: the open store, the data dir's lock when it
// took one, and its name among the replicas.
type Process struct {
	Config *config.Config
	State  *state.DB
	// Replica names this process in leases and outbox claims (see replicaName).
	Replica string
	// Deliver tells whether this process delivers alerts from the outbox: false when
	// another process holds the data dir's lock (InUse says which), or with Existing access.
	Deliver bool
	InUse   *datadir.InUseError

	lock *datadir.Lock
	key  []byte
}

// Open opens the state cfg names with the given access. Close releases it.
//
// Beside a running daemon a backfill is safe but must not deliver: the state serialises
// the two writers (one SQLite write transaction at a time), sightings are idempotent and an
// incident is opened, with its one alert queued, exactly once whichever process sees it
// first. Two outbox workers, though, could both post the same alert, so only the process
// holding the data dir's lock delivers. Without a daemon, the backfill takes the lock
// itself (a daemon started meanwhile is refused until the backfill ends). On a shared
// PostgreSQL state there is no data dir lock: replicas and a backfill claim outbox items
// row by row, so every process may deliver and none sends an alert twice.
func Open(ctx context.Context, cfg *config.Config, access Access) (*Process, error) {
	p := &Process{Config: cfg, Replica: replicaName(cfg, access), Deliver: access != Existing}
	if access == Existing && cfg.State.Driver != config.DriverPostgres {
		if _, err := os.Stat(cfg.DataDir); err != nil {
			return nil, fmt.Errorf("data dir %s: %w (pass --data-dir or --config)", cfg.DataDir, err)
		}
	}
	if access != Existing && cfg.State.Driver != config.DriverPostgres {
		lock, err := datadir.Acquire(cfg.DataDir)
		var inUse *datadir.InUseError
		switch {
		case errors.As(err, &inUse) && access == Exclusive:
			return nil, fmt.Errorf("%w: another leakwatch run scans it and delivers its alerts (stop that one, or give this one its own data_dir)", err)
		case errors.As(err, &inUse):
			p.Deliver, p.InUse = false, inUse
		case err != nil:
			return nil, err
		}
		p.lock = lock
	}
	so, err := StateOptions(cfg)
	var st *state.DB
	if err == nil {
		st, err = state.Open(ctx, so)
	}
	if err != nil {
		p.release()
		return nil, err
	}
	p.State = st
	return p, nil
}

// LocalReplica is the replica name of the process that holds a SQLite data dir's lock: a
// fixed name lets a restart take its leases and outbox claims back at once instead of
// waiting for them to expire, and the lock makes the daemon and a backfill take turns
// under it.
const LocalReplica = outbox.DefaultReplica

// replicaName is this process's name in leases and outbox claims: LocalReplica on SQLite;
// on PostgreSQL state.replica_id (or the host name and a random suffix), prefixed
// "backfill-" for a backfill so its claims are told apart from its host's daemon's.
func replicaName(cfg *config.Config, access Access) string {
	switch {
	case cfg.State.Driver != config.DriverPostgres:
		return LocalReplica
	case access == Beside:
		return "backfill-" + cfg.State.Replica()
	}
	return cfg.State.Replica()
}

// Close closes the state and then releases the data dir's lock.
func (p *Process) Close() error {
	err := p.State.Close()
	p.release()
	return err
}

func (p *Process) release() {
	if p.lock != nil {
		p.lock.Release()
		p.lock = nil
	}
}

// Key is the installation's fingerprint key, from the state (the data dir's key file, or
// the shared database's), created on first use: fingerprints then match the daemon's.
func (p *Process) Key(ctx context.Context) ([]byte, error) {
	if p.key == nil {
		key, err := p.State.FingerprintKey(ctx, p.Config.DataDir)
		if err != nil {
			return nil, err
		}
		p.key = key
	}
	return p.key, nil
}

// Pieces are what a config makes of a process besides the state: the detector, the logger
// that redacts with it and the notifiers. The daemon builds a new set on each reload.
type Pieces struct {
	Detector  *detector.Detector
	Logger    *slog.Logger
	Notifiers map[string]alerting.Notifier
}

// BuildOptions say how to build Pieces.
type BuildOptions struct {
	// LogOutput receives the log lines (default: discarded).
	LogOutput io.Writer
	// OnSuppressed is told of each finding a rule's allowlist suppressed (metrics).
	OnSuppressed func(rule, reason string)
	// NoNotifiers leaves the notifiers out (a backfill that only records incidents).
	NoNotifiers bool
}

// Build makes cfg's detector (with the installation's fingerprint key and the ignore list
// the daemon reads), its logger, and unless told otherwise its notifiers, or fails without
// side effects. What a gitleaks import left out is logged as a warning.
func (p *Process) Build(ctx context.Context, cfg *config.Config, o BuildOptions) (*Pieces, error) {
	key, err := p.Key(ctx)
	if err != nil {
		return nil, err
	}
	det, skipped, err := ruleset.Detector(cfg, ruleset.Setup{Key: key, DaemonIgnore: true, OnSuppressed: o.OnSuppressed})
	if err != nil {
		return nil, err
	}
	logger, err := NewLogger(o.LogOutput, cfg, det)
	if err != nil {
		return nil, err
	}
	ruleset.WarnSkipped(logger, skipped)
	ps := &Pieces{Detector: det, Logger: logger}
	if !o.NoNotifiers {
		if ps.Notifiers, err = BuildNotifiers(cfg, logger); err != nil {
			return nil, err
		}
	}
	return ps, nil
}

// NewLogger is the configured logger on w (nil: discarded), redacting what det detects.
func NewLogger(w io.Writer, cfg *config.Config, det *detector.Detector) (*slog.Logger, error) {
	if w == nil {
		w = io.Discard
	}
	return logging.New(w, logging.Options{Format: cfg.Log.Format, Level: cfg.Log.Level, Redact: det.Redact})
}

// Outbox is the outbox worker over this process's state, claiming under its replica name
// for one lease duration: a killed replica's claimed alerts go to another after that, as
// its sources do, and an attempt gets a whole lease duration from its start. o supplies
// the rest (logger, metrics hooks).
func (p *Process) Outbox(notifiers outbox.Notifiers, o outbox.Options) *outbox.Worker {
	o.Replica = p.Replica
	o.Claim = p.Config.State.Lease()
	return outbox.New(alertstore.Outbox{DB: p.State}, notifiers, o)
}

// Drain delivers every alert that is due, pass after pass, until a pass finds none (an
// alert that failed waits for its retry time, so it ends the drain) or a pass fails.
func Drain(ctx context.Context, ob *outbox.Worker) error {
	for {
		n, err := ob.DeliverDue(ctx)
		if err != nil || n == 0 {
			return err
		}
	}
}
