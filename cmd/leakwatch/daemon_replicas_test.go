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
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/internal/state"
	"github.com/leakwatch/leakwatch/internal/state/pgtest"
	"github.com/leakwatch/leakwatch/sources/loki/lokifake"
)

// TestDaemonReplicasOnPostgres is issue 15's acceptance test: three replicas share one
// PostgreSQL; two Loki sources hold 200 planted secrets over three hours of windows; Slack
// answers 429 at first. The owner of each source is killed with -9 twice at a random moment
// and restarted. Every secret must make one incident and one top-level Slack post, every
// window must be recorded exactly once with no gap, and a source must be taken over within
// two intervals.
func TestDaemonReplicasOnPostgres(t *testing.T) {
	dsn := pgtest.DSN(t)
	r := rand.New(rand.NewPCG(15, 0))
	const (
		nSecrets = 200
		interval = 3 * time.Second
		lease    = time.Second
	)
	end := time.Now().Add(-time.Minute).Truncate(time.Second)
	start := end.Add(-3 * time.Hour)
	srcs := []string{"lk-a", "lk-b"}
	fakes := map[string]*lokifake.Fake{}
	urls := map[string]string{}
	for _, s := range srcs {
		f := lokifake.New(lokifake.Options{})
		srv := httptest.NewServer(f)
		t.Cleanup(srv.Close)
		fakes[s], urls[s] = f, srv.URL
	}
	// Secrets spread over both sources and the three hours, among lines the pushdown lets
	// through but that hold no secret (so scans read pages, and a kill lands mid-window).
	secrets := map[string]bool{}
	for i := range nSecrets {
		sec := fakesecret.GitHub(r, "ghp_")
		secrets[sec] = true
		s := srcs[i%2]
		at := start.Add(time.Duration(r.Int64N(int64(end.Sub(start)))))
		if err := fakes[s].Push("fake", map[string]string{"app": "api"},
			lokifake.Entry{Time: at, Line: fmt.Sprintf(`level=error msg="github sync failed" auth="token %s" n=%d`, sec, i)}); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range srcs {
		var es []lokifake.Entry
		for i := range 20000 {
			at := start.Add(time.Duration(r.Int64N(int64(end.Sub(start)))))
			es = append(es, lokifake.Entry{Time: at, Line: fmt.Sprintf(`level=warn msg="token rejected" token=ghp_%d`, i)})
		}
		if err := fakes[s].Push("fake", map[string]string{"app": "api"}, es...); err != nil {
			t.Fatal(err)
		}
	}

	slack := newFakeSlack(t)
	slack.fail = func(call int) int {
		if call <= 8 {
			return 429
		}
		return 0
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "slack-token"), "xoxb-test-token-one\n", 0o600)
	writeFile(t, filepath.Join(dir, "dsn"), dsn+"\n", 0o600)
	var sb strings.Builder
	for _, s := range srcs {
		fmt.Fprintf(&sb, `  - name: %s
    type: loki
    loki:
      url: %s
      selectors: ['{app="api"}']
      limit: 100
    interval: %s
    chunk: 5m
    initial_lookback: 4h
    ingest_delay: 0s
    overlap: 0s
    recheck: 0s
`, s, urls[s], interval)
	}
	config := func(i int) string {
		p := filepath.Join(dir, fmt.Sprintf("config-%d.yaml", i))
		writeFile(t, p, fmt.Sprintf(`data_dir: %s/data-%d
log: {format: json, level: info}
state:
  driver: postgres
  dsn_file: %s/dsn
  lease_duration: %s
sources:
%salerting:
  slack:
    token_file: %s/slack-token
    channel: "#security-alerts"
    api_url: %s/api/
`, dir, i, dir, lease, sb.String(), dir, slack.srv.URL), 0o644)
		return p
	}
	replicas := make([]*child, 3)
	for i := range replicas {
		replicas[i] = startDaemon(t, "--config", config(i))
	}
	owner := func(src string) int {
		for i, d := range replicas {
			if metric(d.metrics(), `leakwatch_source_owned{source="`+src+`"}`) == 1 {
				return i
			}
		}
		return -1
	}

	st, err := state.OpenPostgres(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()

	// A standby that holds no source is ready all the same: it takes sources over.
	waitFor(t, "both sources owned", func() bool { return owner(srcs[0]) >= 0 && owner(srcs[1]) >= 0 }, nil)
	// One reading of every replica's metrics tells owners from standbys: reading them again
	// per replica could see a lease move between the two reads on a loaded machine.
	snap := make([]string, len(replicas))
	for i, d := range replicas {
		snap[i] = d.metrics()
	}
	for i, d := range replicas {
		if metric(snap[i], `leakwatch_source_owned{source="`+srcs[0]+`"}`) == 1 || metric(snap[i], `leakwatch_source_owned{source="`+srcs[1]+`"}`) == 1 {
			continue
		}
		resp, err := http.Get("http://" + d.addr + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("standby replica %d: /readyz %d, want 200", i, resp.StatusCode)
		}
		if v := metric(snap[i], `leakwatch_source_owned{source="lk-a"}`); v != 0 {
			t.Errorf("standby replica %d: leakwatch_source_owned{lk-a} = %v, want 0 (exported by every replica)", i, v)
		}
	}

	var takeovers []time.Duration
	midWork := 0 // kills that landed before the source was covered to the end
	for round := range 2 {
		for _, src := range srcs {
			var victim int
			waitFor(t, src+" owned", func() bool { victim = owner(src); return victim >= 0 }, nil)
			// A random moment within the source's work: the scans of three hours of windows
			// take a few seconds.
			time.Sleep(time.Duration(r.Int64N(int64(800 * time.Millisecond))))
			replicas[victim].kill()
			killed := time.Now()
			if wm, ok, err := st.Watermark(ctx, src); err == nil && (!ok || wm.Before(end)) {
				midWork++
			}
			waitFor(t, fmt.Sprintf("%s taken over (round %d)", src, round), func() bool {
				o := owner(src)
				return o >= 0 && o != victim
			}, nil)
			took := time.Since(killed)
			takeovers = append(takeovers, took)
			if took > 2*interval {
				t.Errorf("%s taken over %v after its owner was killed, want within two intervals (%v)", src, took, 2*interval)
			}
			replicas[victim] = startDaemon(t, "--config", config(victim))
		}
	}

	topLevel := func() []slackMsg {
		var out []slackMsg
		for _, m := range slack.messages() {
			if m.ThreadTS == "" {
				out = append(out, m)
			}
		}
		return out
	}
	waitFor(t, "every window covered and every alert delivered", func() bool {
		for _, s := range srcs {
			wm, ok, err := st.Watermark(ctx, s)
			if err != nil || !ok || wm.Before(end) {
				return false
			}
		}
		n, err := st.OutboxDepth(ctx)
		return err == nil && n == 0 && len(topLevel()) >= nSecrets
	}, nil)
	for _, d := range replicas {
		d.stop()
	}

	incs, err := st.Incidents(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(incs) != nSecrets {
		t.Errorf("incidents: %d, want %d", len(incs), nSecrets)
	}
	posts := topLevel()
	seen := map[string]int{}
	for _, m := range posts {
		for sec := range secrets {
			if strings.Contains(m.Text, sec[:4]+"…"+sec[len(sec)-4:]) || strings.Contains(m.Blocks, sec[:4]+"…"+sec[len(sec)-4:]) {
				seen[sec]++
			}
			if strings.Contains(m.Text, sec) || strings.Contains(m.Blocks, sec) {
				t.Fatal("a Slack post holds a full secret")
			}
		}
	}
	if len(posts) != nSecrets {
		t.Errorf("top-level Slack posts: %d, want exactly %d", len(posts), nSecrets)
	}
	for sec := range secrets {
		if seen[sec] != 1 {
			t.Errorf("secret %s…: %d top-level posts, want 1", sec[:8], seen[sec])
		}
	}
	// The ledger: the windows recorded per source tile the covered time exactly once.
	for _, s := range srcs {
		ws, err := st.ScannedWindows(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		sort.Slice(ws, func(i, j int) bool { return ws[i].From.Before(ws[j].From) })
		for i := 1; i < len(ws); i++ {
			if !ws[i].From.Equal(ws[i-1].To) {
				kind := "gap"
				if ws[i].From.Before(ws[i-1].To) {
					kind = "window scanned twice"
				}
				t.Errorf("%s: %s between %v and %v", s, kind, ws[i-1], ws[i])
			}
		}
		cov, err := st.Coverage(ctx, s, start.Add(-5*time.Hour), time.Now().Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if len(cov) != 1 || len(ws) == 0 || !cov[0].From.Equal(ws[0].From) || !cov[0].To.Equal(ws[len(ws)-1].To) {
			t.Errorf("%s: coverage %v does not match the %d recorded windows", s, cov, len(ws))
		}
	}
	// Any replica, or a laptop with the config, reads the shared evidence.
	var out bytes.Buffer
	c := cli{stdout: &out, stderr: &out, getenv: os.Getenv}
	if code := run(ctx, []string{"incidents", "list", "--config", config(1), "--format", "json"}, c); code != 0 {
		t.Fatalf("incidents list on PostgreSQL: %s", out.String())
	}
	listed := 0
	for dec := json.NewDecoder(&out); dec.More(); listed++ {
		var in incidentJSON
		if err := dec.Decode(&in); err != nil {
			t.Fatal(err)
		}
	}
	if listed != nSecrets {
		t.Errorf("incidents list on PostgreSQL: %d incidents, want %d", listed, nSecrets)
	}
	out.Reset()
	if code := run(ctx, []string{"report", "--config", config(2), "--from", start.Format(time.RFC3339), "--to", end.Format(time.RFC3339)}, c); code != 1 { // 1: incidents found
		t.Fatalf("report on PostgreSQL: %s", out.String())
	}
	for _, s := range srcs {
		if !strings.Contains(out.String(), s+": ") || !strings.Contains(out.String(), s+": "+start.UTC().Format("2006-01-02 15:04:05Z")+" → "+end.UTC().Format("2006-01-02 15:04:05Z")+" fully covered") || !strings.Contains(out.String(), "100 incidents") {
			t.Errorf("report on PostgreSQL lacks %s's coverage and incidents:\n%.3000s", s, out.String())
		}
	}
	for sec := range secrets {
		if strings.Contains(out.String(), sec) {
			t.Fatal("the report shows a full secret")
		}
	}

	slices.Sort(takeovers)
	t.Logf("takeovers after kill -9: min %v, median %v, max %v (interval %v, lease %v); %d of %d kills mid-work",
		takeovers[0], takeovers[len(takeovers)/2], takeovers[len(takeovers)-1], interval, lease, midWork, len(takeovers))
	if midWork == 0 {
		t.Error("no kill landed before its source was covered: the test proved nothing about takeover mid-scan (plant more lines)")
	}
}
