package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/leakwatch/leakwatch/internal/config"
	"github.com/leakwatch/leakwatch/internal/daemon"
	"github.com/leakwatch/leakwatch/internal/demo"
)

func cmdRun(ctx context.Context, args []string, c cli) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	cfgPath := fs.String("config", "/etc/leakwatch/config.yaml", "config file")
	demoMode := fs.Bool("demo", false, "run on the bundled demo config and sample logs (no servers needed)")
	demoDir := fs.String("demo-dir", "", "where --demo writes its sample logs and state (default: a new temporary directory)")
	listen := fs.String("listen", "", "override the config's listen address")
	once := fs.Bool("once", false, "scan every source once, deliver alerts, and exit")
	watch := fs.Duration("watch-interval", 30*time.Second, "how often to check the config and credential files for changes (a change reloads, like SIGHUP)")
	fs.Usage = func() {
		fmt.Fprint(c.stderr, runUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	open := -1
	opts := daemon.Options{ConfigPath: *cfgPath, LogOutput: c.stderr, Once: *once, WatchEvery: *watch,
		OnceOpen: func(n int) { open = n }}
	if *demoMode {
		var cleanup func()
		var err error
		if ctx, cleanup, err = demoOptions(ctx, c, *demoDir, &opts); err != nil {
			fmt.Fprintf(c.stderr, "leakwatch: %v\n", err)
			return 2
		}
		defer cleanup()
	}
	if *listen != "" {
		overrideListen(&opts, *cfgPath, *listen)
	}
	reload, stopHUP := reloadOnHUP()
	defer stopHUP()
	opts.Reload = reload
	opts.Listening = func(addr string) { fmt.Fprintf(c.stderr, "leakwatch: listening on %s\n", addr) }
	if err := daemon.Run(ctx, opts); err != nil {
		fmt.Fprintf(c.stderr, "leakwatch: %v\n", err)
		return 2
	}
	if *once && open > 0 {
		fmt.Fprintf(c.stderr, "leakwatch: %s open (leakwatch incidents list shows them; exit status 1)\n",
			countOf(int64(open), "incident", "incidents"))
		return 1
	}
	return 0
}

const runUsage = `usage: leakwatch run [--config FILE | --demo [--demo-dir DIR]] [--once] [flags]

Runs the daemon: scans every source on its schedule, alerts, serves /metrics and the health
endpoints, reloads on SIGHUP or when the config or a credential file changes.

--once scans every source one time, delivers the alerts and exits, for cron or CI:
exit status 0 when no incident is open, 1 when incidents are open (found now or before and
not resolved: leakwatch incidents list), 2 on error (a config error, a scan that failed).

--demo runs on bundled sample logs in a temporary directory, removed when it stops.

flags:
`

// stopWhenOrphaned calls stop once the process's parent is no longer parent (it died and
// the process was handed to init or a subreaper), checking every period.
func stopWhenOrphaned(ctx context.Context, stop context.CancelFunc, parent int, period time.Duration) {
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if os.Getppid() != parent {
				stop()
				return
			}
		}
	}
}

// demoOptions points opts at the bundled demo config and sample logs, extracted into dir
// (default: a new temporary directory, removed by cleanup). The returned ctx also ends
// when the process is orphaned.
func demoOptions(ctx context.Context, c cli, dir string, opts *daemon.Options) (_ context.Context, cleanup func(), _ error) {
	var undo []func()
	cleanup = func() {
		for i := len(undo) - 1; i >= 0; i-- {
			undo[i]()
		}
	}
	kept := " (Ctrl-C stops)"
	if dir == "" {
		d, err := os.MkdirTemp("", "leakwatch-demo-")
		if err != nil {
			return ctx, cleanup, err
		}
		dir = d
		// A directory the demo made is the demo's: removed when it stops.
		undo = append(undo, func() { os.RemoveAll(dir) })
		kept = " (Ctrl-C stops and removes them; --demo-dir keeps them)"
	}
	cfg, err := demo.Extract(dir)
	if err != nil {
		cleanup()
		return ctx, func() {}, err
	}
	fmt.Fprintf(c.stderr, "leakwatch demo: sample logs in %s, state in %s%s\n",
		filepath.Join(dir, "logs"), cfg.DataDir, kept)
	opts.Load = func() (*config.Config, error) { return demo.Extract(dir) }
	// Run by `go run`, the demo is a child of the go command: a signal that reaches only
	// the go command (kill, a closed terminal) ends it without passing the signal on.
	// The demo then stops when it is orphaned, instead of running on unseen.
	ctx, stop := context.WithCancel(ctx)
	undo = append(undo, stop)
	if ppid := os.Getppid(); ppid > 1 { // started by init or as PID 1: nothing to watch
		go stopWhenOrphaned(ctx, stop, ppid, time.Second)
	}
	return ctx, cleanup, nil
}

// overrideListen makes every load of the config (the first and each reload) listen on addr.
func overrideListen(opts *daemon.Options, cfgPath, addr string) {
	load := opts.Load
	opts.Load = func() (*config.Config, error) {
		var cfg *config.Config
		var err error
		if load != nil {
			cfg, err = load()
		} else {
			cfg, err = config.Load(cfgPath)
		}
		if err == nil {
			cfg.Listen = addr
		}
		return cfg, err
	}
}

// reloadOnHUP turns SIGHUP into reload requests (at most one pending); stop ends it.
func reloadOnHUP() (<-chan struct{}, func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	reload := make(chan struct{}, 1)
	go func() {
		for range hup {
			select {
			case reload <- struct{}{}:
			default:
			}
		}
	}()
	return reload, func() { signal.Stop(hup) }
}
