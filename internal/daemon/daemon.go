// Package daemon runs leakwatch's long-running process on the assembly internal/app makes
// (state, detector, logger, notifiers, sources, outbox worker): the engine's schedule, the
// leases, the HTTP endpoints and the gauges; SIGHUP reloads config and credentials,
// cancellation stops it within a bound.
package daemon

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/prometheus/common/version"
	"github.com/prometheus/exporter-toolkit/web"

	"github.com/leakwatch/leakwatch/alerting"
	"github.com/leakwatch/leakwatch/alerting/outbox"
	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/alertstore"
	"github.com/leakwatch/leakwatch/internal/app"
	"github.com/leakwatch/leakwatch/internal/backoff"
	"github.com/leakwatch/leakwatch/internal/config"
	"github.com/leakwatch/leakwatch/internal/engine"
	"github.com/leakwatch/leakwatch/internal/metrics"
	"github.com/leakwatch/leakwatch/internal/ownership"
	"github.com/leakwatch/leakwatch/internal/state"
	"github.com/leakwatch/leakwatch/internal/verdict"
	"github.com/leakwatch/leakwatch/sources"
)

// Options configure Run.
type Options struct {
	// ConfigPath is re-read on reload. Load, when set, replaces reading it (the demo).
	ConfigPath string
	Load       func() (*config.Config, error)
	LogOutput  io.Writer
	// Reload delivers reload requests (SIGHUP in main).
	Reload <-chan struct{}
	// Once scans every source once, delivers the alerts and returns (no HTTP, no schedule).
	Once bool
	// OnceOpen, with Once, is told how many incidents are open in the state after the pass
	// (new or older): `run --once` exits 1 when there are any.
	OnceOpen func(n int)
	// Listening is told the HTTP address once it listens (tests use port 0).
	Listening func(addr string)
	// WatchEvery is how often the config and credential files are checked for changes
	// (default 30s).
	WatchEvery time.Duration
	// ShutdownTimeout bounds the stop after ctx ends.
	ShutdownTimeout time.Duration
}

// pieces are what a config builds; a reload builds a new set and swaps it in whole.
type pieces struct {
	cfg       *config.Config
	det       *detector.Detector
	jobs      []engine.Scheduled
	notifiers map[string]alerting.Notifier
	logger    *slog.Logger
	// perHost are the sources whose type reads this host's files (sources.Traits.PerHost):
	// every replica scans its own, keyed by host in a shared state, never leased. Two
	// replicas that see the same files (a shared volume) both read them, under two keys: a
	// secret in them is still one incident and one alert, since incidents are keyed by rule
	// and fingerprint, not by source.
	perHost map[string]bool
}

// Daemon is one running process.
type Daemon struct {
	o Options
	m *metrics.Metrics
	// proc is the process's hold on the state (internal/app); store is its State.
	proc  *app.Process
	store *state.DB
	// own shares the sources with the other replicas on the same state (see
	// internal/ownership); replica is this process's name in leases and outbox claims.
	own     *ownership.Manager
	replica string
	// host keys the sources that read this host's files (see pieces.perHost).
	host      string
	ready     atomic.Bool
	current   atomic.Pointer[pieces]
	logger    atomic.Pointer[slog.Logger]
	gaugeKick chan struct{}
}

// kickGauges refreshes the state-derived gauges soon (a page opened an incident).
func (d *Daemon) kickGauges() {
	select {
	case d.gaugeKick <- struct{}{}:
	default:
	}
}

func (o Options) load() (*config.Config, error) {
	if o.Load != nil {
		return o.Load()
	}
	return config.Load(o.ConfigPath)
}

// Run runs the daemon until ctx ends (or, with Once, until one pass is done).
func Run(ctx context.Context, o Options) error {
	if o.LogOutput == nil {
		o.LogOutput = io.Discard
	}
	if o.ShutdownTimeout == 0 {
		o.ShutdownTimeout = 15 * time.Second
	}
	cfg, err := o.load()
	if err != nil {
		return err
	}
	d := &Daemon{o: o, m: metrics.NewForStore(string(cfg.State.Driver)), gaugeKick: make(chan struct{}, 1), host: cfg.State.Host()}
	for _, r := range []string{"success", "failure"} {
		d.m.ConfigReloads.WithLabelValues(r)
	}
	// One daemon per SQLite data dir: two would both scan and both deliver every alert.
	// Replicas on PostgreSQL share the work through leases and outbox claims instead.
	d.proc, err = app.Open(ctx, cfg, app.Exclusive)
	if err != nil {
		return err
	}
	defer d.proc.Close()
	d.store, d.replica = d.proc.State, d.proc.Replica
	if _, err := d.proc.Key(ctx); err != nil {
		return fmt.Errorf("state: %w", err)
	}
	p, err := d.build(ctx, cfg)
	if err != nil {
		return err
	}
	d.install(p)
	d.ready.Store(true)
	p.logger.Info("leakwatch started", "version", version.Version, "sources", len(p.jobs), "notifiers", app.Names(p.notifiers),
		"data_dir", cfg.DataDir, "state", cfg.State.Driver, "replica", d.replica)
	eng, ob, err := d.start(p)
	if err != nil {
		return err
	}
	if o.Once {
		return d.once(ctx, eng, ob, p)
	}
	return d.runScheduled(ctx, eng, ob, p)
}

// start makes the ownership manager, the engine and the outbox worker.
func (d *Daemon) start(p *pieces) (*engine.Engine, *outbox.Worker, error) {
	var eng *engine.Engine
	d.own = ownership.New(ownership.Options{Store: d.store, Replica: d.replica, TTL: p.cfg.State.Lease(), Logger: p.logger,
		OnChange: func(source string, owned bool) {
			d.m.SetOwned(source, owned)
			if owned {
				eng.RunNow(source) // taken over: scan now, not at the next tick
			}
		}})
	eng, err := engine.New(engine.Options{
		Store: d.store, Detector: p.det, Metrics: d.m, Logger: p.logger,
		Notifiers: app.Names(p.notifiers), ReplyEvery: p.cfg.Alerting.ReplyPeriod(), Retry: backoff.Policy{Attempts: 3},
		Gate: d.gate,
	})
	if err != nil {
		return nil, nil, err
	}
	ob := d.proc.Outbox(func() map[string]alerting.Notifier { return d.current.Load().notifiers }, outbox.Options{
		Logger: p.logger,
		OnAttempt: func(n string, took time.Duration, why string) {
			d.m.NotificationRequests.WithLabelValues(n).Inc()
			d.m.NotificationLatency.WithLabelValues(n).Observe(took.Seconds())
			if why != "" {
				d.m.NotificationRequestsFailed.WithLabelValues(n, why).Inc()
			}
		},
		OnDone: func(n, why string) {
			d.m.Notifications.WithLabelValues(n).Inc()
			if why != "" {
				d.m.NotificationsFailed.WithLabelValues(n, why).Inc()
			}
		},
		OnDepth: func(n int) { d.m.AlertQueueDepth.Set(float64(n)) },
	})
	return eng, ob, nil
}

// runScheduled serves the HTTP endpoints, runs the workers and the sources' schedule until
// ctx ends, and swaps in a new set of pieces on each reload.
func (d *Daemon) runScheduled(ctx context.Context, eng *engine.Engine, ob *outbox.Worker, p *pieces) error {
	srv, err := d.serve(p.cfg)
	if err != nil {
		return err
	}
	var wg sync.WaitGroup
	runCtx, stopAll := context.WithCancel(ctx)
	defer stopAll()
	wg.Add(5)
	d.share(p)
	go func() { defer wg.Done(); d.own.Run(runCtx) }()
	go func() { defer wg.Done(); _ = ob.Run(runCtx) }()
	go func() { defer wg.Done(); d.gauges(runCtx) }()
	go func() { defer wg.Done(); d.prune(runCtx) }()
	go func() { defer wg.Done(); d.resend(runCtx) }()

	watch := time.NewTicker(d.o.watchEvery())
	defer watch.Stop()
	lastFP := filesFingerprint(p.cfg)
	for {
		eng.SetDetector(p.det)
		eng.SetLogger(p.logger)
		eng.SetNotifiers(app.Names(p.notifiers), p.cfg.Alerting.ReplyPeriod())
		eng.SetKick(func() { ob.Kick(); d.kickGauges() })
		for _, j := range p.jobs {
			eng.InitJobMetrics(j.Job)
		}
		schedCtx, stopSched := context.WithCancel(runCtx)
		done := make(chan error, 1)
		go func(jobs []engine.Scheduled) { done <- eng.Schedule(schedCtx, jobs) }(p.jobs)
		np := d.awaitReload(ctx, watch.C, &lastFP)
		stopSched()
		if np == nil {
			d.logger.Load().Info("stopping")
			d.ready.Store(false)
			d.waitStop(done, wg.Wait)
			sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			_ = srv.Shutdown(sctx)
			cancel()
			p.closeSources(d.logger.Load())
			return nil
		}
		<-done
		// The old sources' jobs have stopped: release their connections.
		p.closeSources(np.logger)
		p = np
		lastFP = filesFingerprint(p.cfg)
		d.install(p)
		d.share(p)
		d.m.ConfigReloads.WithLabelValues("success").Inc()
		d.m.ConfigLastReloadOK.Set(1)
		p.logger.Info("config reloaded", "sources", len(p.jobs), "notifiers", app.Names(p.notifiers))
	}
}

// awaitReload waits for a reload (requested, or a changed config or credential file) whose
// config builds, and returns its pieces; nil when ctx ends first. A config that does not
// build is refused, and the running one kept.
func (d *Daemon) awaitReload(ctx context.Context, watch <-chan time.Time, lastFP *string) *pieces {
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-watch:
			// Mounted secrets (Kubernetes, systemd credentials) change without anyone able to
			// send SIGHUP: a changed config or credential file reloads by itself.
			fp := filesFingerprint(d.current.Load().cfg)
			if fp == *lastFP {
				continue
			}
			*lastFP = fp
			d.logger.Load().Info("config or credential file changed: reloading")
		case <-d.o.Reload:
		}
		np, err := d.reload()
		if err != nil {
			d.m.ConfigReloads.WithLabelValues("failure").Inc()
			d.m.ConfigLastReloadOK.Set(0)
			d.logger.Load().Error("config reload refused: keeping the running config", "err", err)
			continue
		}
		return np
	}
}

func (o Options) watchEvery() time.Duration {
	if o.WatchEvery > 0 {
		return o.WatchEvery
	}
	return 30 * time.Second
}

// filesFingerprint hashes the config file and every credential file it names, so a change to
// any of them is noticed. Only a digest is kept, never the contents.
func filesFingerprint(cfg *config.Config) string {
	h := sha256.New()
	for _, f := range cfg.Files() {
		b, err := os.ReadFile(f)
		fmt.Fprintf(h, "%s\x00%v\x00", f, err != nil)
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// waitStop waits for the scheduler and workers, at most ShutdownTimeout: a page in flight is
// abandoned (its transaction never committed), which a restart scans again.
func (d *Daemon) waitStop(done <-chan error, wait func()) {
	all := make(chan struct{})
	go func() { <-done; wait(); close(all) }()
	select {
	case <-all:
	case <-time.After(d.o.ShutdownTimeout):
		d.logger.Load().Warn("stop timed out: abandoning work in flight", "timeout", d.o.ShutdownTimeout)
	}
}

func (d *Daemon) install(p *pieces) {
	for n := range p.notifiers {
		d.m.InitNotifier(n, outbox.FailureReasons)
	}
	for n := range p.perHost {
		d.m.SetOwned(n, true) // a replica always scans its own host's files
	}
	d.current.Store(p)
	d.logger.Store(p.logger)
}

func (d *Daemon) reload() (*pieces, error) {
	cfg, err := d.o.load()
	if err != nil {
		return nil, err
	}
	if old := d.current.Load().cfg; cfg.DataDir != old.DataDir || cfg.Listen != old.Listen || cfg.State != old.State {
		return nil, errors.New("data_dir, listen and state cannot change on reload: restart leakwatch")
	}
	return d.build(context.Background(), cfg)
}

// build makes every piece a config describes, or fails without side effects.
func (d *Daemon) build(ctx context.Context, cfg *config.Config) (*pieces, error) {
	ps, err := d.proc.Build(ctx, cfg, app.BuildOptions{LogOutput: d.o.LogOutput,
		OnSuppressed: func(rule, reason string) { d.m.SuppressedTotal.WithLabelValues(rule, reason).Inc() }})
	if err != nil {
		return nil, err
	}
	det, logger := ps.Detector, ps.Logger
	if n := det.Ignored(); n > 0 {
		path, _ := cfg.IgnorePath()
		logger.Info("ignore list loaded: these fingerprints are never reported", "file", path, "fingerprints", n)
	}
	p := &pieces{cfg: cfg, det: det, notifiers: ps.Notifiers, logger: logger, perHost: map[string]bool{}}
	for i, sc := range cfg.Sources {
		local := sc.Traits().PerHost
		if local && cfg.State.Driver == config.DriverPostgres {
			// Each replica reads its own host's files: keyed by host in the shared state.
			sc.Name += "@" + d.host
		}
		src, err := app.BuildSource(sc, cfg, logger, d.m)
		if pr, ok := sources.As[sources.PathRedactor](src); ok {
			pr.RedactPaths(det.Redact)
		}
		if err == nil {
			err = checkMapping(src, logger)
		}
		if err != nil {
			p.closeSources(logger)
			if cl, ok := src.(sources.Closer); ok {
				_ = cl.Close()
			}
			if sources.IsMappingMismatch(err) { // starts with the block's key at fault
				return nil, fmt.Errorf("sources[%d] (%s).%w", i, sc.Name, err)
			}
			return nil, fmt.Errorf("sources[%d] (%s): %w", i, sc.Name, err)
		}
		p.jobs = append(p.jobs, engine.Scheduled{Job: engine.Job{Source: src, Plan: app.WindowPlan(sc)}, Interval: sc.Interval.D()})
		if local {
			p.perHost[src.Name()] = true
		}
	}
	return p, nil
}

// checkMapping compares an Elasticsearch source's field_type and search_fields with the
// index mapping (at start and on every reload): a wrong guess would filter documents out
// while their windows count as covered. A store that cannot be asked now is not a config
// error: the scans will report it.
func checkMapping(src sources.Source, logger *slog.Logger) error {
	c, ok := sources.As[sources.MappingChecker](src)
	if !ok {
		return nil // nothing to check: the type searches no mapped fields
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err := c.CheckMapping(ctx)
	if err == nil || sources.IsMappingMismatch(err) {
		return err
	}
	logger.Warn("the index mapping could not be checked against field_type and search_fields: it is checked again at the next reload", "source", src.Name(), "err", err)
	return nil
}

// closeSources releases the sources' connections and points in time (after a reload swapped
// them out, or when a build fails half-way).
func (p *pieces) closeSources(logger *slog.Logger) {
	for _, j := range p.jobs {
		if cl, ok := j.Job.Source.(sources.Closer); ok {
			if err := cl.Close(); err != nil {
				logger.Warn("closing a replaced source", "source", j.Job.Source.Name(), "err", err)
			}
		}
	}
}

// once scans every source one time and drains the outbox. On a shared state each source is
// scanned under its lease: one a running replica owns is left to it.
func (d *Daemon) once(ctx context.Context, eng *engine.Engine, ob *outbox.Worker, p *pieces) error {
	var errs []error
	ttl := p.cfg.State.Lease()
	for _, j := range p.jobs {
		name := j.Job.Source.Name()
		if p.perHost[name] {
			if err := eng.RunOnce(ctx, j.Job); err != nil {
				errs = append(errs, err)
			}
			continue
		}
		l, ok, err := d.store.Acquire(ctx, name, d.replica, ttl)
		if err != nil {
			errs = append(errs, fmt.Errorf("source %s: lease: %w", name, err))
			continue
		}
		if !ok {
			errs = append(errs, fmt.Errorf("source %s: scanned by replica %s now: leave it to that replica, or stop it first", name, l.Owner))
			continue
		}
		if err := eng.RunOnce(state.WithFence(ctx, state.Fence{Source: name, Owner: d.replica, Generation: l.Generation}), j.Job); err != nil {
			errs = append(errs, err)
		}
		// Given back as soon as the source is scanned, not when every source is; a lease not
		// given back expires by itself.
		_ = d.store.Release(context.WithoutCancel(ctx), name, d.replica, l.Generation)
	}
	if err := app.Drain(ctx, ob); err != nil {
		errs = append(errs, err)
	}
	if d.o.OnceOpen != nil && len(errs) == 0 {
		counts, err := d.store.OpenBySeverityVerified(ctx)
		if err != nil {
			return err
		}
		n := 0
		for _, c := range counts {
			n += c
		}
		d.o.OnceOpen(n)
	}
	return errors.Join(errs...)
}

// share hands the config's shared sources to the ownership manager. Every replica exports
// leakwatch_source_owned for each of them, 0 where another replica owns it, so "no owner"
// shows as 0 everywhere rather than as a missing series.
func (d *Daemon) share(p *pieces) {
	names := p.leased()
	for _, n := range names {
		if !d.own.Owns(n) {
			d.m.SetOwned(n, false)
		}
	}
	d.own.SetSources(names)
}

// leased are the sources shared between replicas through leases: all but those that read
// this host's own files.
func (p *pieces) leased() []string {
	var out []string
	for _, j := range p.jobs {
		if n := j.Job.Source.Name(); !p.perHost[n] {
			out = append(out, n)
		}
	}
	return out
}

// gate lets a scheduled scan run when this replica owns the source (see
// internal/ownership); per-host sources always run.
func (d *Daemon) gate(ctx context.Context, source string) (context.Context, func(), error) {
	if d.current.Load().perHost[source] {
		return ctx, func() {}, nil
	}
	return d.own.Gate(ctx, source)
}

// serve starts /metrics, /healthz and /readyz, with TLS and basic auth from the exporter
// toolkit's web config file when one is set.
func (d *Daemon) serve(cfg *config.Config) (*http.Server, error) {
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(d.m.Registry, promhttp.HandlerOpts{Registry: d.m.Registry}))
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, _ *http.Request) {
		if !d.ready.Load() {
			http.Error(w, "not ready", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ready")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintln(w, "leakwatch: /metrics /healthz /readyz")
	})
	l, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("listen %s: %w", cfg.Listen, err)
	}
	srv := newServer(mux)
	webCfg := cfg.WebConfigFile
	flags := &web.FlagConfig{WebListenAddresses: &[]string{cfg.Listen}, WebConfigFile: &webCfg}
	logger := d.logger.Load()
	go func() {
		if err := web.Serve(l, srv, flags, logger); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("http server stopped", "err", err)
		}
	}()
	if d.o.Listening != nil {
		d.o.Listening(l.Addr().String())
	}
	return srv, nil
}

// Timeouts of the HTTP server (metrics, health).
const (
	ServerReadTimeout  = 30 * time.Second
	ServerWriteTimeout = 60 * time.Second
	ServerIdleTimeout  = 2 * time.Minute
)

// newServer is the HTTP server of h. A client that never finishes a request, never reads
// the answer or keeps an idle connection must not hold it (and its goroutine) forever: a
// /metrics answer is written in well under a second; the bounds leave room for a slow
// scraper.
func newServer(h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: ServerReadTimeout, WriteTimeout: ServerWriteTimeout, IdleTimeout: ServerIdleTimeout}
}

// PruneEvery is how often the state is pruned to the configured retention.
const PruneEvery = time.Hour

// prune applies the retention every PruneEvery, the first time a minute after the start (a
// start is busy enough): sightings, delivered alerts and old incident locations go, and the
// freed pages go back to the file system.
func (d *Daemon) prune(ctx context.Context) {
	t := time.NewTimer(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		cfg := d.current.Load().cfg
		began := time.Now()
		r, err := d.store.Prune(ctx, began.Add(-cfg.Retention.Period.D()))
		switch {
		case err != nil && ctx.Err() == nil:
			d.logger.Load().Warn("state not pruned: it is tried again in an hour", "err", err)
		case err == nil && r.Sightings+r.Alerts+r.Locations > 0 || r.Vacuumed:
			d.logger.Load().Info("state pruned to the retention", "retention", cfg.Retention.Period.String(),
				"sightings", r.Sightings, "delivered_alerts", r.Alerts, "locations", r.Locations,
				"size_before", r.SizeBefore, "size_after", r.SizeAfter, "took", time.Since(began).Round(time.Millisecond))
		}
		t.Reset(PruneEvery)
	}
}

// gauges keeps incidents_open, alert_queue_depth and coverage_gap_seconds current.
func (d *Daemon) gauges(ctx context.Context) {
	t := time.NewTicker(10 * time.Second)
	defer t.Stop()
	for {
		if counts, err := d.store.OpenBySeverityVerified(ctx); err == nil {
			for _, sev := range []string{"critical", "high", "medium", "low"} {
				for _, ver := range []string{"unchecked", string(verdict.Live), string(verdict.Revoked), string(verdict.Unknown)} {
					d.m.IncidentsOpen.WithLabelValues(sev, ver).Set(float64(counts[[2]string{sev, ver}]))
				}
			}
		}
		if counts, err := d.store.PurgesByStatus(ctx); err == nil {
			d.m.Purges.Reset()
			for k, n := range counts {
				d.m.Purges.WithLabelValues(k[0], k[1]).Set(float64(n))
			}
		}
		if n, err := d.store.OutboxDepth(ctx); err == nil {
			d.m.AlertQueueDepth.Set(float64(n))
		}
		if t, ok, err := d.store.LastSighting(ctx); err == nil && ok {
			d.m.LastSighting.Set(float64(t.UnixNano()) / 1e9)
		}
		// Coverage is exported by the source's owner only, so sums over replicas stay right.
		var names []string
		p := d.current.Load()
		for _, j := range p.jobs {
			if n := j.Job.Source.Name(); p.perHost[n] || d.own.Owns(n) {
				names = append(names, n)
			}
		}
		horizon := p.cfg.Retention.GapHorizon.D()
		if err := d.m.SetCoverageGaps(ctx, d.store, names, horizon, time.Now()); err != nil && ctx.Err() == nil {
			d.logger.Load().Warn("coverage gap metric not updated", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-d.gaugeKick:
		}
	}
}

// resender is a notifier whose receiver forgets alerts that are not refreshed
// (Alertmanager): it is handed the open incidents, and those resolved within its
// retention, to re-post.
type resender interface {
	Resend(ctx context.Context, alerts []alerting.Alert) error
	ResendInterval() time.Duration
	ResolvedRetention() time.Duration
}

// resend re-posts open incidents to every resender on its interval, read from the state
// here so the notifier reads none. The set of notifiers is read on each tick, so a reload
// takes effect.
func (d *Daemon) resend(ctx context.Context) {
	last := map[string]time.Time{}
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		for name, n := range d.current.Load().notifiers {
			r, ok := n.(resender)
			if !ok || time.Since(last[name]) < r.ResendInterval() {
				continue
			}
			now := time.Now()
			last[name] = now
			alerts, err := alertstore.Resends(ctx, d.store, now.Add(-r.ResolvedRetention()))
			if err == nil {
				err = r.Resend(ctx, alerts)
			}
			if err != nil && ctx.Err() == nil {
				d.logger.Load().Warn("alert resend failed; will retry on the next interval", "notifier", name, "err", err)
			}
		}
	}
}
