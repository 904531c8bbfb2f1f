package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/alerting"
	"github.com/leakwatch/leakwatch/alerting/outbox"
	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/config"
	"github.com/leakwatch/leakwatch/internal/datadir"
	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/internal/state"
)

func sqliteConfig(t *testing.T, dir string) *config.Config {
	t.Helper()
	cfg, err := config.Parse([]byte("data_dir: "+dir+"\n"), func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestOpenAccess: the daemon's access is exclusive, a backfill's works beside a holder
// without delivering (and delivers when the dir is free), and a command that reads the
// state refuses a data dir that does not exist instead of creating it.
func TestOpenAccess(t *testing.T) {
	ctx := context.Background()
	cfg := sqliteConfig(t, filepath.Join(t.TempDir(), "data"))

	daemon, err := Open(ctx, cfg, Exclusive)
	if err != nil {
		t.Fatal(err)
	}
	if !daemon.Deliver || daemon.InUse != nil || daemon.Replica != "local" {
		t.Errorf("daemon: deliver %v, in use %v, replica %q; want true, nil, local", daemon.Deliver, daemon.InUse, daemon.Replica)
	}
	_, err = Open(ctx, cfg, Exclusive)
	var inUse *datadir.InUseError
	if !errors.As(err, &inUse) || !strings.Contains(err.Error(), "another leakwatch run scans it") {
		t.Errorf("second daemon: err %v; want the data dir in use, with what to do", err)
	}
	beside, err := Open(ctx, cfg, Beside)
	if err != nil {
		t.Fatal(err)
	}
	if beside.Deliver || beside.InUse == nil || beside.InUse.PID != os.Getpid() {
		t.Errorf("backfill beside the daemon: deliver %v, in use %v; want false and this pid", beside.Deliver, beside.InUse)
	}
	if err := beside.Close(); err != nil {
		t.Fatal(err)
	}
	if err := daemon.Close(); err != nil {
		t.Fatal(err)
	}
	alone, err := Open(ctx, cfg, Beside)
	if err != nil {
		t.Fatal(err)
	}
	if !alone.Deliver || alone.InUse != nil {
		t.Errorf("backfill alone: deliver %v, in use %v; want true, nil", alone.Deliver, alone.InUse)
	}
	// The backfill now holds the lock: a daemon started meanwhile is refused.
	if _, err := Open(ctx, cfg, Exclusive); !errors.As(err, &inUse) {
		t.Errorf("daemon beside a lone backfill: err %v; want the data dir in use", err)
	}
	alone.Close()

	reader, err := Open(ctx, cfg, Existing)
	if err != nil {
		t.Fatal(err)
	}
	if reader.Deliver {
		t.Error("a command reading the state delivers alerts")
	}
	reader.Close()

	missing := filepath.Join(t.TempDir(), "nope")
	_, err = Open(ctx, sqliteConfig(t, missing), Existing)
	if err == nil || !strings.Contains(err.Error(), "data dir "+missing) || !strings.Contains(err.Error(), "pass --data-dir or --config") {
		t.Errorf("missing data dir: err %v; want one naming it and what to pass", err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("reading a missing state created %s (stat: %v)", missing, err)
	}
}

// TestReplicaName: on SQLite every process is "local" (the lock makes them take turns); on
// PostgreSQL a replica has its own name and a backfill a name of its own beside it.
func TestReplicaName(t *testing.T) {
	for _, tc := range []struct {
		driver config.Driver
		id     string
		access Access
		want   string
	}{
		{config.DriverSQLite, "", Exclusive, "local"},
		{config.DriverSQLite, "r1", Beside, "local"},
		{config.DriverPostgres, "r1", Exclusive, "r1"},
		{config.DriverPostgres, "r1", Beside, "backfill-r1"},
	} {
		cfg := &config.Config{State: config.State{Driver: tc.driver, ReplicaID: tc.id}}
		if got := replicaName(cfg, tc.access); got != tc.want {
			t.Errorf("%s, replica_id %q, access %d: %q; want %q", tc.driver, tc.id, tc.access, got, tc.want)
		}
	}
	cfg := &config.Config{State: config.State{Driver: config.DriverPostgres}}
	if got := replicaName(cfg, Exclusive); got == "" || got == LocalReplica {
		t.Errorf("postgres without replica_id: %q; want a name of this host", got)
	}
}

// TestBuildSharesTheKey: two processes on one data dir build detectors with the same
// fingerprint key (so a backfill's incidents are the daemon's), and a build without
// notifiers has none.
func TestBuildSharesTheKey(t *testing.T) {
	ctx := context.Background()
	cfg := sqliteConfig(t, t.TempDir())
	secret := fakesecret.GitHub(fakesecret.Fresh(), "ghp_")
	fingerprint := func(access Access) string {
		t.Helper()
		p, err := Open(ctx, cfg, access)
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		ps, err := p.Build(ctx, cfg, BuildOptions{NoNotifiers: true})
		if err != nil {
			t.Fatal(err)
		}
		if ps.Notifiers != nil {
			t.Errorf("notifiers built: %v", Names(ps.Notifiers))
		}
		ds := findings(ps.Detector, "token "+secret)
		if len(ds) != 1 {
			t.Fatalf("findings %v; want one", ds)
		}
		return ds[0].Fingerprint
	}
	a, b := fingerprint(Exclusive), fingerprint(Existing)
	if a == "" || a != b {
		t.Errorf("fingerprints %q and %q: want one, the installation's", a, b)
	}
}

func findings(det *detector.Detector, line string) []detector.Finding {
	var out []detector.Finding
	det.Scan([]byte(line), 0, func(f detector.Finding) { out = append(out, f) })
	return out
}

// counting is a notifier that fails the first failFirst alerts (retryably) and counts the
// rest.
type counting struct {
	mu        sync.Mutex
	sent      int
	failFirst int
}

func (n *counting) Name() string { return "test" }
func (n *counting) Notify(_ context.Context, a alerting.Alert) (string, bool, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.failFirst > 0 {
		n.failFirst--
		return "", true, errors.New("receiver down")
	}
	n.sent++
	return "", false, nil
}

// TestDrain: Drain delivers every due alert over several passes (more than one batch) and
// ends when an alert that failed waits for its retry, rather than spinning on it.
func TestDrain(t *testing.T) {
	ctx := context.Background()
	cfg := sqliteConfig(t, t.TempDir())
	p, err := Open(ctx, cfg, Exclusive)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	ps, err := p.Build(ctx, cfg, BuildOptions{NoNotifiers: true})
	if err != nil {
		t.Fatal(err)
	}
	const incidents = 7
	var sgs []state.Sighting
	for i := 0; i < incidents; i++ {
		for _, fd := range findings(ps.Detector, "token "+fakesecret.GitHub(fakesecret.Fresh(), "ghp_")) {
			sgs = append(sgs, state.Sighting{Source: "app", LineID: fmt.Sprint(i), RuleID: fd.RuleID, Severity: string(fd.Severity),
				Description: fd.Description, Fingerprint: fd.Fingerprint, Preview: fd.Preview, EventTime: time.Now(), Location: "app.log"})
		}
	}
	res, err := p.State.RecordPage(ctx, "app", sgs, nil, state.RecordOptions{Notifiers: []string{"test"}, Now: time.Now()})
	if err != nil || len(res.Opened) != incidents {
		t.Fatalf("opened %v, err %v; want %d incidents", res.Opened, err, incidents)
	}
	n := &counting{failFirst: 1}
	ob := p.Outbox(outbox.Static(n), outbox.Options{Batch: 2, BaseBackoff: time.Hour})
	if err := Drain(ctx, ob); err != nil {
		t.Fatal(err)
	}
	if n.sent != incidents-1 {
		t.Errorf("sent %d; want %d (all but the one waiting for its retry)", n.sent, incidents-1)
	}
	if depth, err := p.State.OutboxDepth(ctx); err != nil || depth != 1 {
		t.Errorf("outbox depth %d (err %v); want 1, the alert to retry", depth, err)
	}
}
