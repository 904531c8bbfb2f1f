package main

import (
	"context"
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
	if err := fs.Parse(args); err != nil {
		return 2
	}
	opts := daemon.Options{ConfigPath: *cfgPath, LogOutput: c.stderr, Once: *once, WatchEvery: *watch}
	if *demoMode {
		dir := *demoDir
		if dir == "" {
			d, err := os.MkdirTemp("", "leakwatch-demo-")
			if err != nil {
				fmt.Fprintf(c.stderr, "leakwatch: %v\n", err)
				return 2
			}
			dir = d
		}
		cfg, err := demo.Extract(dir)
		if err != nil {
			fmt.Fprintf(c.stderr, "leakwatch: %v\n", err)
			return 2
		}
		fmt.Fprintf(c.stderr, "leakwatch demo: sample logs in %s, state in %s (Ctrl-C stops)\n",
			filepath.Join(dir, "logs"), cfg.DataDir)
		opts.Load = func() (*config.Config, error) { return demo.Extract(dir) }
	}
	if *listen != "" {
		load := opts.Load
		opts.Load = func() (*config.Config, error) {
			var cfg *config.Config
			var err error
			if load != nil {
				cfg, err = load()
			} else {
				cfg, err = config.Load(*cfgPath)
			}
			if err == nil {
				cfg.Listen = *listen
			}
			return cfg, err
		}
	}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	reload := make(chan struct{}, 1)
	go func() {
		for range hup {
			select {
			case reload <- struct{}{}:
			default:
			}
		}
	}()
	opts.Reload = reload
	opts.Listening = func(addr string) { fmt.Fprintf(c.stderr, "leakwatch: listening on %s\n", addr) }
	if err := daemon.Run(ctx, opts); err != nil {
		fmt.Fprintf(c.stderr, "leakwatch: %v\n", err)
		return 2
	}
	return 0
}
