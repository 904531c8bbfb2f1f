package main

import (
	"context"
	"database/sql"
	"errors"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/internal/datadir"
	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/internal/state"
)

// TestDaemonSecondInstanceRefused: a second leakwatch run (scheduled or --once) on a data
// dir a daemon holds exits 2 naming the holder's pid, and the first keeps running; the
// read-only commands work beside it; a backfill beside it scans and records but leaves
// delivery to the daemon, so every alert arrives exactly once.
func TestDaemonSecondInstanceRefused(t *testing.T) {
	e := newBFEnv(t)
	d := startDaemon(t, "--config", e.cfg)
	pid := d.cmd.Process.Pid
	bin, err := exec.LookPath("leakwatch")
	if err != nil {
		t.Fatal(err)
	}
	want := "data_dir " + e.dataDir + " is in use by pid " + strconv.Itoa(pid)
	for _, args := range [][]string{
		{"run", "--config", e.cfg, "--once"},
		{"run", "--config", e.cfg, "--listen", "127.0.0.1:0"},
	} {
		// The bound only keeps a second daemon that was wrongly let in from hanging CI.
		cctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		out, err := exec.CommandContext(cctx, bin, args...).CombinedOutput()
		cancel()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 2 {
			t.Fatalf("%v beside a daemon: %v, want exit 2\n%s", args, err, out)
		}
		if !strings.Contains(string(out), want) {
			t.Errorf("%v: output lacks %q:\n%s", args, want, out)
		}
	}
	if got := d.metrics(); !strings.Contains(got, "leakwatch_build_info") {
		t.Fatalf("the first daemon stopped serving after a second one was refused:\n%s", d.stderr.String())
	}

	ctx := context.Background()
	code, out, errOut := lw(t, ctx, "backfill", "--config", e.cfg, "--source", "prod-loki", "--progress", "none", "--max-rps", "0",
		"--from", "2026-11-01T00:00:00Z", "--to", "2026-11-04T00:00:00Z")
	if code != 1 || !strings.Contains(out, "4 new incidents") {
		t.Fatalf("backfill beside the daemon: exit %d, want 1 with 4 new incidents\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(errOut, want) || !strings.Contains(errOut, "queued for that process (the daemon) to deliver") {
		t.Errorf("backfill does not say it leaves delivery to the daemon:\n%s", errOut)
	}
	for _, args := range [][]string{
		{"incidents", "list", "--data-dir", e.dataDir},
		{"report", "--config", e.cfg, "--source", "prod-loki", "--from", "2026-11-01", "--to", "2026-11-04"},
		{"backfill", "--config", e.cfg, "--list"},
	} {
		code, out, errOut := lw(t, ctx, args...)
		if code == 2 || !strings.Contains(out, "prod-loki") && !strings.Contains(out, "github-pat") {
			t.Errorf("%v beside the daemon: exit %d\n%s\n%s", args, code, out, errOut)
		}
	}
	st, err := state.OpenSQLite(ctx, e.dataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	waitFor(t, "the daemon delivering the backfill's alerts", func() bool {
		n, err := st.OutboxDepth(ctx)
		return err == nil && n == 0
	}, d)
	d.stop()
	db, err := sql.Open("sqlite", filepath.Join(e.dataDir, state.DBFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var rows, sent, news int
	if err := db.QueryRow(`SELECT COUNT(*), COUNT(sent_ns), COUNT(*) FILTER (WHERE kind = 'new') FROM outbox`).Scan(&rows, &sent, &news); err != nil {
		t.Fatal(err)
	}
	if news != 4 || sent != rows {
		t.Errorf("outbox: %d rows, %d sent, %d new, want 4 new, all sent", rows, sent, news)
	}
	if got := e.alerts.get(); got != sent {
		t.Errorf("%d webhook posts for %d alerts: an alert was delivered twice (two deliverers) or not at all", got, sent)
	}
	// The daemon is gone: the lock is free again and a new instance may start.
	l, err := datadir.Acquire(filepath.Clean(e.dataDir))
	if err != nil {
		t.Fatalf("lock after the daemon stopped: %v", err)
	}
	l.Release()
}

// TestDaemonLineWrittenInTwoParts: with interval 1s a writer writes the start of a line
// holding a token, pauses until the daemon has scanned that unfinished tail on its own, then
// writes the rest and the newline: the completed line is scanned whole and the token raises
// its incident.
func TestDaemonLineWrittenInTwoParts(t *testing.T) {
	s := newSetup(t, "0s")
	secret := fakesecret.GitHub(rand.New(rand.NewPCG(5, 0)), "ghp_")
	log := filepath.Join(s.logs, "app.log")
	writeFile(t, log, strings.Repeat(`{"level":"info","msg":"request ok"}`+"\n", 40), 0o644)
	d := startDaemon(t, "--config", s.cfg)
	waitFor(t, "the first lines", func() bool {
		return metric(d.metrics(), `leakwatch_lines_scanned_total{source="app"}`) == 40
	}, d)
	appendFile(t, log, "WARN token="+secret[:14])
	waitFor(t, "the unfinished tail scanned on its own", func() bool {
		return metric(d.metrics(), `leakwatch_lines_scanned_total{source="app"}`) == 41
	}, d)
	appendFile(t, log, secret[14:]+" retry=1\n")
	waitFor(t, "the incident of the completed line", func() bool {
		return metric(d.metrics(), `leakwatch_hits_total{rule="github-pat",source="app"}`) == 1
	}, d)
	waitFor(t, "its alert", func() bool { return len(s.slack.messages()) == 1 }, d)
	d.stop()
	auditNoSecret(t, []string{secret}, map[string]string{"stderr": d.stderr.String(), "slack": s.slack.rawBody()}, filepath.Join(s.dir, "data"))
}
