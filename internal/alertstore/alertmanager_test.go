package alertstore_test

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/alerting"
	"github.com/leakwatch/leakwatch/alerting/alertmanager"
	"github.com/leakwatch/leakwatch/alerting/outbox"
	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/alertstore"
	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/internal/state"
	"github.com/leakwatch/leakwatch/queries"
)

// The Alertmanager notifier through the outbox and the re-posts, both fed by the state
// through this package: what the notifier's own tests asserted when it read the state
// itself.

// resends is what the daemon hands Resend: the open incidents and those resolved within
// the notifier's retention.
func resends(t *testing.T, st *state.DB) []alerting.Alert {
	t.Helper()
	as, err := alertstore.Resends(context.Background(), st, time.Now().Add(-alertmanager.ResolvedRetention))
	if err != nil {
		t.Fatal(err)
	}
	return as
}

// binary is Debian's package name for Alertmanager (prometheus-alertmanager), then the
// upstream name.
func binary() string {
	for _, b := range []string{"prometheus-alertmanager", "alertmanager"} {
		if p, err := exec.LookPath(b); err == nil {
			return p
		}
	}
	return ""
}

// startAlertmanager runs a real Alertmanager on loopback with a temp config and storage
// and returns its base URL once it answers /-/ready.
func startAlertmanager(t *testing.T) string {
	t.Helper()
	bin := binary()
	if bin == "" {
		t.Skip("Alertmanager not installed (Debian package prometheus-alertmanager; .ci/run installs it): skipping the real-Alertmanager test")
	}
	dir := t.TempDir()
	cfg := filepath.Join(dir, "alertmanager.yml")
	if err := os.WriteFile(cfg, []byte("route:\n  receiver: blackhole\nreceivers:\n  - name: blackhole\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "--config.file="+cfg, "--storage.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+addr, "--cluster.listen-address=", "--log.level=warn")
	var logs strings.Builder
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		cancel()
		<-exited
		if t.Failed() {
			t.Logf("alertmanager output:\n%s", logs.String())
		}
	})
	base := "http://" + addr
	for {
		select {
		case <-exited:
			t.Fatalf("alertmanager exited before it was ready:\n%s", logs.String())
		default:
		}
		resp, err := http.Get(base + "/-/ready")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return base
			}
		}
		select {
		case <-exited:
		case <-time.After(50 * time.Millisecond): // poll interval, not an assertion
		}
	}
}

// gettableAlert is the part of GET /api/v2/alerts the test reads.
type gettableAlert struct {
	Labels       map[string]string `json:"labels"`
	Annotations  map[string]string `json:"annotations"`
	StartsAt     time.Time         `json:"startsAt"`
	EndsAt       time.Time         `json:"endsAt"`
	GeneratorURL string            `json:"generatorURL"`
	Status       struct {
		State string `json:"state"`
	} `json:"status"`
}

func getAlerts(t *testing.T, base string) ([]gettableAlert, string) {
	t.Helper()
	resp, err := http.Get(base + "/api/v2/alerts")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET alerts: %s: %s", resp.Status, raw)
	}
	var out []gettableAlert
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("GET alerts: %v: %s", err, raw)
	}
	return out, string(raw)
}

// leak records one real detector finding of a generated GitHub token in st, enqueued for
// notifier, and returns the incident id and the secret (to grep for).
func leak(t *testing.T, st *state.SQLite, notifiers []string) (int64, string) {
	t.Helper()
	key := []byte("0123456789abcdef0123456789abcdef")
	det, err := detector.New(queries.Catalog(), detector.Options{Key: key})
	if err != nil {
		t.Fatal(err)
	}
	secret := fakesecret.GitHub(fakesecret.Fresh(), "ghp_")
	line := "level=info msg=\"cloning with token " + secret + "\""
	var sightings []state.Sighting
	det.Scan([]byte(line), 0, func(f detector.Finding) {
		sightings = append(sightings, state.Sighting{Source: "loki-prod", LineID: "line-1", RuleID: f.RuleID,
			Severity: string(f.Severity), Description: f.Description, Fingerprint: f.Fingerprint, Preview: f.Preview,
			EventTime: time.Now().Add(-time.Minute), Location: `{app="api"} @ 2026-12-01T10:00:00Z`,
			Link: "https://grafana.example.com/explore?x=1"})
	})
	if len(sightings) != 1 {
		t.Fatalf("detector found %d secrets in the planted line, want 1", len(sightings))
	}
	res, err := st.RecordPage(context.Background(), "loki-prod", sightings, nil, state.RecordOptions{Notifiers: notifiers})
	if err != nil || len(res.Opened) != 1 {
		t.Fatalf("record: %v %+v", err, res)
	}
	return res.Opened[0], secret
}

// drain delivers every due outbox item and fails on a delivery that did not succeed.
func drain(t *testing.T, w *outbox.Worker) {
	t.Helper()
	for {
		n, err := w.DeliverDue(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

// TestRealAlertmanagerHAPair: an incident goes through the outbox to both Alertmanagers of
// an HA pair, is read back with labels and annotations and no secret, and resolves there.
func TestRealAlertmanagerHAPair(t *testing.T) {
	amA, amB := startAlertmanager(t), startAlertmanager(t)
	ctx := context.Background()
	st, err := state.OpenSQLite(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	n, err := alertmanager.New(alertmanager.Config{URLs: []string{amA, amB}, RunbookURL: "https://runbooks.example.com/leaked-secret",
		ResendInterval: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	var results []string
	w := outbox.New(alertstore.Outbox{DB: st}, outbox.Static(n), outbox.Options{OnDone: func(_, why string) { results = append(results, cmp.Or(why, "success")) }})
	id, secret := leak(t, st, []string{n.Name()})
	drain(t, w)
	if fmt.Sprint(results) != "[success]" {
		t.Fatalf("deliveries = %v, want one success (one outbox row for both URLs)", results)
	}
	in, err := st.Incident(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, base := range []string{amA, amB} {
		alerts, raw := getAlerts(t, base)
		if strings.Contains(raw, secret) || strings.Contains(raw, secret[4:]) {
			t.Fatalf("%s: the secret reached Alertmanager", base)
		}
		if len(alerts) != 1 {
			t.Fatalf("%s: %d alerts, want 1: %s", base, len(alerts), raw)
		}
		a := alerts[0]
		wantLabels := map[string]string{"alertname": "SecretLeaked", "rule": "github-pat", "severity": in.Severity,
			"source": "loki-prod", "incident_id": fmt.Sprint(id)}
		for k, v := range wantLabels {
			if a.Labels[k] != v {
				t.Errorf("%s: label %s = %q, want %q (labels %v)", base, k, a.Labels[k], v, a.Labels)
			}
		}
		if len(a.Labels) != len(wantLabels) {
			t.Errorf("%s: labels %v, want exactly %v", base, a.Labels, wantLabels)
		}
		for k, want := range map[string]string{"preview": in.Preview, "link": "https://grafana.example.com/explore?x=1",
			"runbook_url": "https://runbooks.example.com/leaked-secret"} {
			if a.Annotations[k] != want {
				t.Errorf("%s: annotation %s = %q, want %q", base, k, a.Annotations[k], want)
			}
		}
		if !strings.Contains(a.Annotations["summary"], in.Preview) || !strings.Contains(a.Annotations["description"], `{app="api"}`) {
			t.Errorf("%s: summary/description = %q / %q", base, a.Annotations["summary"], a.Annotations["description"])
		}
		if a.GeneratorURL != "https://grafana.example.com/explore?x=1" || a.Status.State != "active" {
			t.Errorf("%s: generatorURL %q, state %q", base, a.GeneratorURL, a.Status.State)
		}
		if !a.EndsAt.After(time.Now().Add(time.Minute)) {
			t.Errorf("%s: endsAt %v: a firing alert must outlive a few resends", base, a.EndsAt)
		}
	}

	// A resend re-posts the open incident: still one alert per Alertmanager.
	if err := n.Resend(ctx, resends(t, st)); err != nil {
		t.Fatal(err)
	}
	if alerts, raw := getAlerts(t, amB); len(alerts) != 1 {
		t.Fatalf("after resend: %s", raw)
	}

	// Resolving enqueues one row; delivering it ends the alert on both.
	resolvedAt := time.Now()
	if err := st.ResolveNotify(ctx, id, "test", resolvedAt, []string{n.Name()}); err != nil {
		t.Fatal(err)
	}
	results = nil
	drain(t, w)
	if fmt.Sprint(results) != "[success]" {
		t.Fatalf("resolve deliveries = %v", results)
	}
	for _, base := range []string{amA, amB} {
		alerts, raw := getAlerts(t, base)
		for _, a := range alerts {
			// Alertmanager lists active alerts only: a resolved one is gone from the list.
			if a.Labels["incident_id"] == fmt.Sprint(id) {
				t.Errorf("%s: alert still listed after resolve: %s", base, raw)
			}
		}
	}
	// A resend after the resolution keeps it resolved.
	if err := n.Resend(ctx, resends(t, st)); err != nil {
		t.Fatal(err)
	}
	for _, base := range []string{amA, amB} {
		alerts, raw := getAlerts(t, base)
		for _, a := range alerts {
			if a.Labels["incident_id"] == fmt.Sprint(id) {
				t.Errorf("%s: resend revived the resolved alert: %s", base, raw)
			}
		}
	}
}

// recorder is a receiver without resolutions (like Slack or a webhook).
type recorder struct{ kinds []alerting.Kind }

func (r *recorder) Name() string { return "chat" }
func (r *recorder) Notify(_ context.Context, a alerting.Alert) (string, bool, error) {
	r.kinds = append(r.kinds, a.Kind)
	return "", false, nil
}

// A resolved row reaches only receivers that act on resolutions; for the others it is
// marked done without a call, so it never blocks the incident's later alerts.
func TestResolvedRowsOnlyForResolutionNotifiers(t *testing.T) {
	ctx := context.Background()
	st, err := state.OpenSQLite(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var posts []alertmanager.PostableAlert
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var batch []alertmanager.PostableAlert
		if err := json.NewDecoder(r.Body).Decode(&batch); err != nil {
			t.Errorf("decode: %v", err)
		}
		posts = append(posts, batch...)
	}))
	defer srv.Close()
	am, err := alertmanager.New(alertmanager.Config{URLs: []string{srv.URL}})
	if err != nil {
		t.Fatal(err)
	}
	chat := &recorder{}
	w := outbox.New(alertstore.Outbox{DB: st}, outbox.Static(am, chat), outbox.Options{})
	id, _ := leak(t, st, []string{am.Name(), chat.Name()})
	drain(t, w)
	if err := st.ResolveNotify(ctx, id, "t", time.Now(), []string{am.Name(), chat.Name()}); err != nil {
		t.Fatal(err)
	}
	drain(t, w)
	if fmt.Sprint(chat.kinds) != "[new]" {
		t.Fatalf("chat receiver got %v, want only the new alert", chat.kinds)
	}
	if len(posts) != 2 || !posts[0].EndsAt.After(time.Now()) || posts[1].EndsAt.After(time.Now()) {
		t.Fatalf("alertmanager posts = %+v, want firing then resolved", posts)
	}
	if n, _ := st.OutboxDepth(ctx); n != 0 {
		t.Fatalf("outbox depth %d after drain", n)
	}
}
