package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/internal/state"
	"github.com/leakwatch/leakwatch/sources/loki/lokifake"
)

var bfT0 = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// lw runs the leakwatch command in-process.
func lw(t *testing.T, ctx context.Context, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(ctx, args, cli{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }})
	return code, out.String(), errb.String()
}

// bfEnv is a Loki fake with 3 days of history (4 leaked tokens, one of them twice), a
// webhook receiver counting alerts, and a config naming both.
type bfEnv struct {
	cfg, dataDir string
	secrets      []string
	alerts       *int32Counter
	failMu       sync.Mutex
	failStart    time.Time // query_range requests starting here answer 404
}

type int32Counter struct {
	mu sync.Mutex
	n  int
}

func (c *int32Counter) add()     { c.mu.Lock(); c.n++; c.mu.Unlock() }
func (c *int32Counter) get() int { c.mu.Lock(); defer c.mu.Unlock(); return c.n }

func newBFEnv(t *testing.T) *bfEnv {
	t.Helper()
	e := &bfEnv{alerts: &int32Counter{}}
	fake := lokifake.New(lokifake.Options{Now: func() time.Time { return bfT0.Add(10 * 24 * time.Hour) }})
	r := rand.New(rand.NewPCG(7, 0))
	push := func(at time.Time, line string) {
		if err := fake.Push("fake", map[string]string{"job": "api"}, lokifake.Entry{Time: at, Line: line}); err != nil {
			t.Fatal(err)
		}
	}
	for h := 0; h < 72; h += 2 {
		push(bfT0.Add(time.Duration(h)*time.Hour+time.Minute), fmt.Sprintf("GET /v1/items/%d 200", r.IntN(1e6)))
	}
	for i := 0; i < 4; i++ {
		tok := fakesecret.GitHub(r, "ghp_")
		e.secrets = append(e.secrets, tok)
		push(bfT0.Add(time.Duration(3+i*17)*time.Hour+5*time.Second), "deploy: using token "+tok)
	}
	push(bfT0.Add(60*time.Hour), "retry with GITHUB_TOKEN="+e.secrets[0])
	lokiSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/query_range") {
			start, err := lokifake.ParseTime(r.FormValue("start"))
			e.failMu.Lock()
			fail := err == nil && start.Equal(e.failStart)
			e.failMu.Unlock()
			if fail {
				http.Error(w, "404 page not found", http.StatusNotFound)
				return
			}
		}
		fake.ServeHTTP(w, r)
	}))
	t.Cleanup(lokiSrv.Close)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.alerts.add()
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(hook.Close)

	dir := t.TempDir()
	e.dataDir = filepath.Join(dir, "data")
	e.cfg = filepath.Join(dir, "config.yaml")
	cfg := fmt.Sprintf(`data_dir: %s
log: {level: warn}
sources:
  - name: prod-loki
    type: loki
    loki:
      url: %s
      selectors: ['{job="api"}']
  - name: app-files
    type: file
    file: {paths: [%s]}
alerting:
  webhooks: [{url: %q}]
`, e.dataDir, lokiSrv.URL, filepath.Join(dir, "*.log"), hook.URL)
	if err := os.WriteFile(e.cfg, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *bfEnv) fail(at time.Time) {
	e.failMu.Lock()
	e.failStart = at
	e.failMu.Unlock()
}

// noSecret fails when any planted token appears in the outputs or the database.
func (e *bfEnv) noSecret(t *testing.T, outputs ...string) {
	t.Helper()
	db, _ := os.ReadFile(filepath.Join(e.dataDir, state.DBFile))
	wal, _ := os.ReadFile(filepath.Join(e.dataDir, state.DBFile+"-wal"))
	for _, s := range e.secrets {
		for i, o := range append(outputs, string(db), string(wal)) {
			if strings.Contains(o, s) || strings.Contains(o, s[4:]) {
				t.Fatalf("output %d contains a planted secret", i)
			}
		}
	}
}

func TestBackfillCommand(t *testing.T) {
	e := newBFEnv(t)
	ctx := context.Background()
	rng := []string{"--from", "2026-11-01", "--to", "2026-11-04T00:00:00Z"}

	code, out, errOut := lw(t, ctx, append([]string{"backfill", "--config", e.cfg, "--source", "prod-loki", "--progress", "log", "--max-rps", "0"}, rng...)...)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (findings)\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, want := range []string{"72 done (72 in this run, 0 before), 0 failed", "github-pat", "5 hits, 4 new incidents, 0 known", "leakwatch CPU"} {
		if !strings.Contains(out, want) {
			t.Fatalf("summary lacks %q:\n%s", want, out)
		}
	}
	if !regexp.MustCompile(`(?m)^\s*github-pat\s+5\s+4\s+0\s*$`).MatchString(out) {
		t.Fatalf("rule table row wrong:\n%s", out)
	}
	if !strings.Contains(errOut, "72/72 chunks (100.0%)") {
		t.Fatalf("no final progress line on a non-terminal stderr:\n%s", errOut)
	}
	if got := e.alerts.get(); got != 4 {
		t.Fatalf("%d webhook alerts, want one per new incident (4)", got)
	}

	// The same range again: every secret is known now, nothing new is sent.
	code, out, _ = lw(t, ctx, append([]string{"backfill", "--config", e.cfg, "--source", "prod-loki", "--progress", "none", "--max-rps", "0"}, rng...)...)
	if code != 1 || !strings.Contains(out, "0 new incidents, 4 known") {
		t.Fatalf("second backfill: exit %d\n%s", code, out)
	}
	if got := e.alerts.get(); got != 4 {
		t.Fatalf("%d webhook alerts after a rescan, want still 4", got)
	}
	code, out, _ = lw(t, ctx, "backfill", "--config", e.cfg, "--list")
	if code != 0 || strings.Count(out, "prod-loki") != 2 || !strings.Contains(out, "72/72") {
		t.Fatalf("--list: exit %d\n%s", code, out)
	}
	e.noSecret(t, out)

	// The report shows the backfilled history: fully covered, with its incidents.
	code, out, errOut = lw(t, ctx, "report", "--config", e.cfg, "--source", "prod-loki", "--from", "2026-11-01", "--to", "2026-11-04", "--format", "json")
	if code != 1 {
		t.Fatalf("report: exit %d, want 1 (incidents)\n%s", code, errOut)
	}
	var rep struct {
		Sources []struct {
			Lines     int64   `json:"lines_read"`
			Gap       float64 `json:"gap_seconds"`
			Verdict   string  `json:"verdict"`
			Incidents []struct {
				Fingerprint string `json:"fingerprint"`
			} `json:"incidents"`
		} `json:"sources"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || len(rep.Sources) != 1 {
		t.Fatalf("report json: %v\n%s", err, out)
	}
	s0 := rep.Sources[0]
	// Two backfills read the range: lines read count both.
	if s0.Gap != 0 || s0.Lines == 0 || len(s0.Incidents) != 4 || len(s0.Incidents[0].Fingerprint) != 12 ||
		s0.Verdict != "prod-loki: 2026-11-01 → 2026-11-04 fully covered, 4 incidents (4 open)" {
		t.Fatalf("report: %+v", s0)
	}
	page := filepath.Join(t.TempDir(), "r.html")
	code, _, errOut = lw(t, ctx, "report", "--config", e.cfg, "--since", "30d", "--format", "html", "--output", page)
	html, _ := os.ReadFile(page)
	if code != 1 || !strings.Contains(errOut, "prod-loki: ") || !bytes.Contains(html, []byte("<svg")) {
		t.Fatalf("html report: exit %d\n%s", code, errOut)
	}
	e.noSecret(t, out, string(html))
	code, _, errOut = lw(t, ctx, "report", "--config", e.cfg, "--since", "30d", "--format", "pdf")
	if code != 2 || !strings.Contains(errOut, "--format") {
		t.Fatalf("bad format: exit %d %s", code, errOut)
	}
}

func TestBackfillQuietAndResume(t *testing.T) {
	e := newBFEnv(t)
	ctx := context.Background()
	args := []string{"backfill", "--config", e.cfg, "--source", "prod-loki", "--alerts", "quiet", "--progress", "none", "--max-rps", "0",
		"--from", "2026-11-01T00:00:00Z", "--to", "2026-11-04T00:00:00Z", "--parallel", "1"}

	// Chunk 30 answers 404: a configuration-class error stops the run there.
	e.fail(bfT0.Add(30 * time.Hour))
	code, out, errOut := lw(t, ctx, args...)
	if code != 2 || !strings.Contains(errOut, "backfill stopped") || !strings.Contains(errOut, "--run 1") {
		t.Fatalf("exit %d, want 2 with a hint to continue run 1\n%s\n%s", code, out, errOut)
	}
	st, err := state.OpenSQLite(ctx, e.dataDir)
	if err != nil {
		t.Fatal(err)
	}
	run, _ := st.BackfillRun(ctx, 1)
	st.Close()
	if run.ChunksDone != 30 || run.ChunksFailed != 1 {
		t.Fatalf("after the stop: %d done, %d failed, want 30 and 1", run.ChunksDone, run.ChunksFailed)
	}

	// Fixed: --resume with the same range continues run 1 and scans only what is left.
	e.fail(time.Time{})
	code, out, errOut = lw(t, ctx, append(args, "--resume")...)
	if code != 1 || !strings.Contains(errOut, "resuming run #1") || !strings.Contains(out, "72 done (42 in this run, 30 before)") {
		t.Fatalf("resume: exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "alerts:   quiet") || e.alerts.get() != 0 {
		t.Fatalf("quiet mode sent %d alerts\n%s", e.alerts.get(), out)
	}
	// Nothing is left to resume.
	code, _, errOut = lw(t, ctx, append(args, "--resume")...)
	if code != 2 || !strings.Contains(errOut, "no unfinished backfill") {
		t.Fatalf("second resume: exit %d\n%s", code, errOut)
	}
	// No gaps: --fill-gaps over the same range has nothing to do and exits clean.
	code, out, errOut = lw(t, ctx, "backfill", "--config", e.cfg, "--source", "prod-loki", "--fill-gaps", "--progress", "none",
		"--from", "2026-11-01T00:00:00Z", "--to", "2026-11-04T00:00:00Z")
	if code != 0 || !strings.Contains(out, "0 chunks of 1h") {
		t.Fatalf("fill-gaps without gaps: exit %d\n%s\n%s", code, out, errOut)
	}
	e.noSecret(t, out, errOut)
}

func TestBackfillRefusals(t *testing.T) {
	e := newBFEnv(t)
	ctx := context.Background()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--source", "app-files", "--since", "1d"}, "leakwatch scan"},
		{[]string{"--source", "nope", "--since", "1d"}, `no source "nope"`},
		{[]string{"--since", "1d"}, "--source is required"},
		{[]string{"--source", "prod-loki"}, "say which range"},
		{[]string{"--source", "prod-loki", "--from", "yesterday"}, "want RFC 3339"},
		{[]string{"--source", "prod-loki", "--since", "1d", "--alerts", "loud"}, "--alerts"},
		{[]string{"--source", "prod-loki", "--since", "1d", "--from", "2d"}, "use one"},
		{[]string{"--source", "prod-loki", "--fill-gaps"}, "never scanned"},
		{[]string{"--source", "prod-loki", "--from", "2026-11-02", "--to", "2026-11-01"}, "empty range"},
	}
	for _, tt := range tests {
		code, _, errOut := lw(t, ctx, append([]string{"backfill", "--config", e.cfg}, tt.args...)...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q, want 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
}

func TestParseWhen(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 500, time.UTC)
	tests := []struct {
		in   string
		want time.Time
		abs  bool
	}{
		{"2026-11-01T00:00:00Z", time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), true},
		{"2026-11-01T02:00:00+02:00", time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), true},
		{"2026-11-01", time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), true},
		{"30d", time.Date(2026, 10, 31, 12, 0, 0, 0, time.UTC), false},
		{"12h", time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), false},
		{"now", time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC), false},
	}
	for _, tt := range tests {
		got, abs, err := parseWhen(tt.in, now)
		if err != nil || !got.Equal(tt.want) || abs != tt.abs {
			t.Errorf("parseWhen(%q) = %v %v %v, want %v %v", tt.in, got, abs, err, tt.want, tt.abs)
		}
	}
	for _, bad := range []string{"", "-3d", "tomorrow", "2026-13-01"} {
		if _, _, err := parseWhen(bad, now); err == nil {
			t.Errorf("parseWhen(%q) accepted", bad)
		}
	}
}
