package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/internal/state"
)

// slackMsg is one chat.postMessage call the fake Slack received; Metadata is its metadata
// form field (JSON), kept as Slack keeps it with the message.
type slackMsg struct {
	Token, Channel, Text, ThreadTS, Blocks, TS, Metadata string
}

// fakeSlack stands in for Slack's Web API on loopback: chat.postMessage, and the reads the
// delivery check uses (conversations.list, conversations.history, conversations.replies),
// answering with the Web API's JSON shapes. The channel "#security-alerts" has the ID
// C0123. fail decides, per call number, whether to answer 429 (with Retry-After) or 500
// instead of ok.
type fakeSlack struct {
	srv   *httptest.Server
	mu    sync.Mutex
	msgs  []slackMsg
	calls int
	raw   bytes.Buffer
	fail  func(call int) int
}

// fakeSlackChannelID is the ID of #security-alerts in the fake workspace.
const fakeSlackChannelID = "C0123"

func newFakeSlack(t *testing.T) *fakeSlack {
	f := &fakeSlack{}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		defer f.mu.Unlock()
		f.raw.Write(body)
		f.raw.WriteString(r.Header.Get("Authorization") + "\n")
		f.calls++
		if f.fail != nil {
			switch code := f.fail(f.calls); code {
			case 429:
				w.Header().Set("Retry-After", "1")
				w.WriteHeader(429)
				return
			case 0:
			default:
				w.WriteHeader(code)
				return
			}
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		_ = r.ParseForm()
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		method := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
		switch method {
		case "chat.postMessage":
		case "conversations.list":
			f.conversationsList(w, r)
			return
		case "conversations.history", "conversations.replies":
			f.conversationsRead(w, r, method)
			return
		default:
			w.Write([]byte(`{"ok":false,"error":"unknown_method"}`))
			return
		}
		tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		if tok == "" {
			tok = r.FormValue("token")
		}
		// ts is Slack's clock (now) with a unique, increasing fraction, as Slack's are.
		ts := fmt.Sprintf("%d.%06d", time.Now().Unix(), len(f.msgs)+1)
		f.msgs = append(f.msgs, slackMsg{Token: tok, Channel: r.FormValue("channel"), Text: r.FormValue("text"),
			ThreadTS: r.FormValue("thread_ts"), Blocks: r.FormValue("blocks"), TS: ts, Metadata: r.FormValue("metadata")})
		fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":%q}`, fakeSlackChannelID, ts)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

// conversationsList answers conversations.list: the one public channel, none private.
func (f *fakeSlack) conversationsList(w http.ResponseWriter, r *http.Request) {
	chans := []map[string]any{}
	if types := r.FormValue("types"); types == "" || strings.Contains(types, "public_channel") {
		chans = append(chans, map[string]any{"id": fakeSlackChannelID, "name": "security-alerts", "is_channel": true,
			"is_private": false, "is_archived": false, "is_member": true})
	}
	b, _ := json.Marshal(map[string]any{"ok": true, "channels": chans, "response_metadata": map[string]string{"next_cursor": ""}})
	w.Write(b)
}

// conversationsRead answers conversations.history (top-level messages, newest first) and
// conversations.replies (a thread, parent first), after oldest (exclusive), with metadata
// only when include_all_metadata is set, paged by limit with an offset cursor.
func (f *fakeSlack) conversationsRead(w http.ResponseWriter, r *http.Request, method string) {
	if r.FormValue("channel") != fakeSlackChannelID {
		w.Write([]byte(`{"ok":false,"error":"channel_not_found"}`))
		return
	}
	oldest, _ := strconv.ParseFloat(r.FormValue("oldest"), 64)
	var sel []map[string]any
	for _, m := range f.msgs {
		ts, _ := strconv.ParseFloat(m.TS, 64)
		if ts <= oldest {
			continue
		}
		switch {
		case method == "conversations.history" && m.ThreadTS != "":
			continue // replies live in their thread
		case method == "conversations.replies" && m.TS != r.FormValue("ts") && m.ThreadTS != r.FormValue("ts"):
			continue
		}
		msg := map[string]any{"type": "message", "ts": m.TS, "text": m.Text, "bot_id": "B0123"}
		if m.ThreadTS != "" {
			msg["thread_ts"] = m.ThreadTS
		}
		if m.Metadata != "" && r.FormValue("include_all_metadata") == "1" {
			msg["metadata"] = json.RawMessage(m.Metadata)
		}
		sel = append(sel, msg)
	}
	if method == "conversations.history" {
		slices.Reverse(sel)
	}
	from, _ := strconv.Atoi(r.FormValue("cursor"))
	limit, _ := strconv.Atoi(r.FormValue("limit"))
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	from = min(from, len(sel))
	to := min(from+limit, len(sel))
	next := ""
	if to < len(sel) {
		next = strconv.Itoa(to)
	}
	b, _ := json.Marshal(map[string]any{"ok": true, "messages": append([]map[string]any{}, sel[from:to]...),
		"has_more": next != "", "response_metadata": map[string]string{"next_cursor": next}})
	w.Write(b)
}

func (f *fakeSlack) messages() []slackMsg {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]slackMsg(nil), f.msgs...)
}

func (f *fakeSlack) rawBody() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.raw.String()
}

// syncBuf collects a child's stderr.
type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// child is a leakwatch run child process.
type child struct {
	t      *testing.T
	cmd    *exec.Cmd
	stderr *syncBuf
	addr   string
	done   chan error
}

var listenRe = regexp.MustCompile(`listening on (\S+)`)

func startDaemon(t *testing.T, args ...string) *child {
	t.Helper()
	bin, err := exec.LookPath("leakwatch")
	if err != nil {
		t.Fatal(err)
	}
	d := &child{t: t, stderr: &syncBuf{}, done: make(chan error, 1)}
	d.cmd = exec.Command(bin, append([]string{"run", "--listen", "127.0.0.1:0"}, args...)...)
	d.cmd.Stderr = d.stderr
	if err := d.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { d.done <- d.cmd.Wait() }()
	t.Cleanup(func() { d.kill() })
	waitFor(t, "daemon listening", func() bool {
		m := listenRe.FindStringSubmatch(d.stderr.String())
		if m != nil {
			d.addr = m[1]
		}
		return m != nil
	}, d)
	return d
}

func (d *child) kill() {
	if d.cmd.ProcessState == nil {
		_ = d.cmd.Process.Kill()
		<-d.done
		d.done <- nil
	}
}

// stop sends SIGTERM and waits for a clean exit.
func (d *child) stop() {
	d.t.Helper()
	_ = d.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-d.done:
		d.done <- err
		if err != nil {
			d.t.Fatalf("daemon exited with %v\n%s", err, d.stderr.String())
		}
	case <-time.After(30 * time.Second):
		d.t.Fatalf("daemon did not stop on SIGTERM\n%s", d.stderr.String())
	}
}

func (d *child) metrics() string {
	resp, err := http.Get("http://" + d.addr + "/metrics")
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// metric returns the value of one exact series line ("name{labels}") or -1.
func metric(body, series string) float64 {
	sc := bufio.NewScanner(strings.NewReader(body))
	for sc.Scan() {
		l := sc.Text()
		if strings.HasPrefix(l, series+" ") {
			v, err := strconv.ParseFloat(strings.TrimSpace(l[len(series):]), 64)
			if err == nil {
				return v
			}
		}
	}
	return -1
}

// waitFor polls cond; a condition, not a timing, is what tests assert. The bound only keeps
// a broken build from hanging CI.
func waitFor(t *testing.T, what string, cond func() bool, d *child) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			logs := ""
			if d != nil {
				logs = d.stderr.String()
			}
			t.Fatalf("gave up waiting for %s\n%s", what, logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func writeFile(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
}

func appendFile(t *testing.T, path, content string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(content); err != nil {
		t.Fatal(err)
	}
}

type setup struct {
	dir, cfg, logs, tokenFile string
	slack                     *fakeSlack
	hooks                     *syncBuf
}

// newSetup writes a config with one file source, Slack (bot token) and a webhook.
func newSetup(t *testing.T, replyEvery string) *setup {
	s := &setup{dir: t.TempDir(), slack: newFakeSlack(t), hooks: &syncBuf{}}
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.hooks.Write(append(b, '\n'))
		s.hooks.Write([]byte(r.Header.Get("X-Leakwatch-Signature") + "\n"))
	}))
	t.Cleanup(hook.Close)
	s.logs = filepath.Join(s.dir, "logs")
	s.tokenFile = filepath.Join(s.dir, "slack-token")
	writeFile(t, s.tokenFile, "xoxb-test-token-one\n", 0o600)
	writeFile(t, filepath.Join(s.dir, "hook-key"), "webhook-signing-key\n", 0o600)
	s.cfg = filepath.Join(s.dir, "config.yaml")
	writeFile(t, s.cfg, fmt.Sprintf(`data_dir: %s/data
log: {format: json, level: debug}
sources:
  - name: app
    type: file
    file: {paths: ["%s/*.log"]}
    interval: 1s
alerting:
  reply_every: %s
  slack:
    token_file: %s
    channel: "#security-alerts"
    api_url: %s/api/
  webhooks:
    - name: hook
      url: %s/incident
      secret_file: %s/hook-key
`, s.dir, s.logs, replyEvery, s.tokenFile, s.slack.srv.URL, hook.URL, s.dir), 0o644)
	return s
}

func logLine(i int, secret string) string {
	return fmt.Sprintf(`{"ts":"2026-11-28T10:00:%02d Z","level":"error","msg":"github sync failed","headers":{"Authorization":"token %s"},"n":%d}`+"\n", i%60, secret, i)
}

// auditNoSecret fails when any secret appears in full in any output the daemon produced.
func auditNoSecret(t *testing.T, secrets []string, outputs map[string]string, dataDir string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dataDir, "*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err == nil {
			outputs["state file "+filepath.Base(f)] = string(b)
		}
	}
	for _, s := range secrets {
		for name, out := range outputs {
			if strings.Contains(out, s) {
				t.Errorf("a planted secret appears in full in %s", name)
			}
		}
	}
}

// TestDaemonOneIncidentAcrossRestart: the same secret on 3 lines, then a restart and a 4th
// line: 1 incident, 1 Slack message, replies only within reply_every; nothing leaks.
func TestDaemonOneIncidentAcrossRestart(t *testing.T) {
	s := newSetup(t, "2s")
	secret := fakesecret.GitHub(rand.New(rand.NewPCG(1, 0)), "ghp_")
	var lines strings.Builder
	for i := 0; i < 40; i++ {
		if i == 5 || i == 17 || i == 33 {
			lines.WriteString(logLine(i, secret))
		} else {
			lines.WriteString(fmt.Sprintf(`{"level":"info","msg":"request ok","n":%d}`+"\n", i))
		}
	}
	writeFile(t, filepath.Join(s.logs, "app.log"), lines.String(), 0o644)

	d := startDaemon(t, "--config", s.cfg)
	waitFor(t, "first alert", func() bool { return len(s.slack.messages()) >= 1 }, d)
	firstSeen := time.Now() // the alert was sent before this
	waitFor(t, "coverage", func() bool {
		return metric(d.metrics(), `leakwatch_source_covered_until_timestamp_seconds{source="app"}`) > 0
	}, d)
	m1 := d.metrics()
	if got := metric(m1, `leakwatch_hits_total{rule="github-pat",source="app"}`); got != 3 {
		t.Errorf("hits_total = %v, want 3 (one per line)", got)
	}
	d.stop()
	first := s.slack.messages()
	if len(first) != 1 || first[0].ThreadTS != "" || first[0].Channel != "#security-alerts" || first[0].Token != "xoxb-test-token-one" {
		t.Fatalf("want one top-level message with the bot token, got %+v", first)
	}
	if !strings.Contains(first[0].Blocks, "github-pat") || !strings.Contains(first[0].Blocks, secret[:4]+"…"+secret[len(secret)-4:]) {
		t.Errorf("message lacks rule or preview: %s", first[0].Blocks)
	}

	// The event this step needs is reply_every (2s) having passed since the first alert, so
	// that one reply is allowed.
	waitFor(t, "reply_every elapsed since the first alert", func() bool { return time.Since(firstSeen) > 2*time.Second }, nil)
	appendFile(t, filepath.Join(s.logs, "app.log"), logLine(50, secret)+logLine(51, secret))
	d2 := startDaemon(t, "--config", s.cfg)
	waitFor(t, "second run's sightings", func() bool {
		return metric(d2.metrics(), `leakwatch_hits_total{rule="github-pat",source="app"}`) == 2
	}, d2)
	waitFor(t, "thread reply", func() bool { return len(s.slack.messages()) >= 2 }, d2)
	// A wrong second reply would have been queued with the sightings (counted above): wait
	// for the outbox to be empty, when every queued alert has been delivered.
	st, err := state.OpenSQLite(context.Background(), filepath.Join(s.dir, "data"))
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "outbox drained", func() bool {
		n, err := st.OutboxDepth(context.Background())
		return err == nil && n == 0
	}, d2)
	st.Close()
	m2 := d2.metrics()
	d2.stop()

	msgs := s.slack.messages()
	if len(msgs) != 2 {
		t.Fatalf("want 1 message + 1 reply, got %d: %+v", len(msgs), msgs)
	}
	if msgs[1].ThreadTS != msgs[0].TS {
		t.Errorf("reply not in the incident's thread: %+v", msgs[1])
	}
	var out bytes.Buffer
	c := cli{stdout: &out, stderr: &out, getenv: os.Getenv}
	if code := run(context.Background(), []string{"incidents", "list", "--data-dir", filepath.Join(s.dir, "data"), "--format", "json"}, c); code != 0 {
		t.Fatalf("incidents list: %d %s", code, out.String())
	}
	var incs []incidentJSON
	dec := json.NewDecoder(&out)
	for dec.More() {
		var in incidentJSON
		if err := dec.Decode(&in); err != nil {
			t.Fatal(err)
		}
		incs = append(incs, in)
	}
	if len(incs) != 1 || incs[0].Count != 5 || incs[0].Rule != "github-pat" || incs[0].Status != "open" {
		t.Fatalf("want 1 open github-pat incident seen 5 times, got %+v", incs)
	}
	for _, m := range []string{m1, m2} {
		for _, l := range strings.Split(m, "\n") {
			if strings.HasPrefix(l, "leakwatch_") && strings.Contains(l, "{") {
				labels := l[strings.Index(l, "{"):strings.LastIndex(l, "}")]
				if strings.Contains(labels, incs[0].Fingerprint) || strings.Contains(labels, "ghp_") || strings.Contains(labels, "github sync failed") {
					t.Errorf("metric label carries a fingerprint, secret or log line: %s", l)
				}
			}
		}
	}
	if !strings.Contains(s.hooks.String(), `"rule":"github-pat"`) || !strings.Contains(s.hooks.String(), "sha256=") {
		t.Errorf("webhook did not receive a signed alert: %s", s.hooks.String())
	}
	auditNoSecret(t, []string{secret}, map[string]string{
		"stderr (first run)": d.stderr.String(), "stderr (second run)": d2.stderr.String(),
		"slack payloads": s.slack.rawBody(), "webhook payloads": s.hooks.String(),
		"metrics": m1 + m2, "incidents json": out.String(),
	}, filepath.Join(s.dir, "data"))
}

// TestDaemonSlackOutageDeliversOnce: Slack answers 429 then 500 for a while; every alert
// arrives exactly once after recovery.
func TestDaemonSlackOutageDeliversOnce(t *testing.T) {
	s := newSetup(t, "0s")
	s.slack.fail = func(call int) int {
		switch {
		case call <= 2:
			return 429
		case call <= 4:
			return 500
		}
		return 0
	}
	r := rand.New(rand.NewPCG(2, 0))
	var secrets []string
	var lines strings.Builder
	for i := 0; i < 3; i++ {
		sec := fakesecret.GitHub(r, "ghp_")
		secrets = append(secrets, sec)
		lines.WriteString(logLine(i, sec))
	}
	writeFile(t, filepath.Join(s.logs, "app.log"), lines.String(), 0o644)
	d := startDaemon(t, "--config", s.cfg)
	waitFor(t, "3 alerts delivered", func() bool { return len(s.slack.messages()) >= 3 }, d)
	waitFor(t, "outbox drained", func() bool {
		m := d.metrics()
		return metric(m, `leakwatch_alert_queue_depth`) == 0 && metric(m, `leakwatch_notifications_total{notifier="slack"}`) == 3
	}, d)
	m := d.metrics()
	d.stop()
	msgs := s.slack.messages()
	if len(msgs) != 3 {
		t.Fatalf("want exactly 3 messages, got %d", len(msgs))
	}
	seen := map[string]bool{}
	for _, msg := range msgs {
		if seen[msg.Blocks] {
			t.Errorf("an alert was delivered twice")
		}
		seen[msg.Blocks] = true
	}
	throttled := metric(m, `leakwatch_notification_requests_failed_total{notifier="slack",reason="throttled"}`)
	transient := metric(m, `leakwatch_notification_requests_failed_total{notifier="slack",reason="transient"}`)
	// The first pass posts the three alerts: 429, 429, 500. The fourth failure may hit a post
	// or the delivery check that follows the 500, which is not a request.
	if throttled != 2 || transient < 1 {
		t.Errorf("failed attempts not counted: throttled %v (want 2), transient %v (want at least 1):\n%s", throttled, transient, m)
	}
	if n := metric(m, `leakwatch_notifications_failed_total{notifier="slack",reason="refused"}`); n != 0 {
		t.Errorf("notifications failed %v, want 0: every alert got through", n)
	}
	requests := metric(m, `leakwatch_notification_requests_total{notifier="slack"}`)
	if n := metric(m, `leakwatch_notification_latency_seconds_count{notifier="slack"}`); requests != throttled+transient+3 || n != requests {
		t.Errorf("requests %v and latency observations %v, want one per attempt (%v)", requests, n, throttled+transient+3)
	}
	auditNoSecret(t, secrets, map[string]string{"stderr": d.stderr.String(), "slack": s.slack.rawBody(), "metrics": m}, filepath.Join(s.dir, "data"))
}

// TestDaemonKilledMidRun: SIGKILL in the middle of a large file, then a restart: no
// duplicate incident or alert, no line lost (each incident's count equals its lines).
func TestDaemonKilledMidRun(t *testing.T) {
	s := newSetup(t, "0s")
	r := rand.New(rand.NewPCG(3, 0))
	const nSecrets, nLines = 40, 200000
	var secrets []string
	for i := 0; i < nSecrets; i++ {
		secrets = append(secrets, fakesecret.GitHub(r, "ghp_"))
	}
	want := map[string]int{}
	f, err := os.Create(filepath.Join(mkdir(t, s.logs), "big.log"))
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for i := 0; i < nLines; i++ {
		if i%2500 == 7 {
			sec := secrets[(i/2500)%nSecrets]
			want[sec]++
			w.WriteString(logLine(i, sec))
		} else {
			fmt.Fprintf(w, `{"level":"info","msg":"request served","path":"/api/v1/orders/%d","status":200,"duration_ms":%d}`+"\n", i, i%300)
		}
	}
	w.Flush()
	f.Close()

	d := startDaemon(t, "--config", s.cfg)
	waitFor(t, "some pages recorded", func() bool {
		return metric(d.metrics(), `leakwatch_lines_scanned_total{source="app"}`) > 0
	}, d)
	d.kill()
	// The kill must have landed mid-window: no coverage recorded yet, some pages recorded.
	st, err := state.OpenSQLite(context.Background(), filepath.Join(s.dir, "data"))
	if err != nil {
		t.Fatal(err)
	}
	_, covered, err := st.Watermark(context.Background(), "app")
	cp, _ := st.Checkpoint(context.Background(), "app")
	st.Close()
	if err != nil || covered || cp == nil {
		t.Fatalf("kill did not land mid-window (covered=%v, checkpoint=%v, err=%v): make the file larger", covered, cp != nil, err)
	}

	d2 := startDaemon(t, "--config", s.cfg)
	waitFor(t, "coverage after restart", func() bool {
		return metric(d2.metrics(), `leakwatch_source_covered_until_timestamp_seconds{source="app"}`) > 0
	}, d2)
	waitFor(t, "alerts delivered", func() bool {
		return metric(d2.metrics(), `leakwatch_alert_queue_depth`) == 0 && len(s.slack.messages()) >= nSecrets
	}, d2)
	d2.stop()

	var out bytes.Buffer
	c := cli{stdout: &out, stderr: &out, getenv: os.Getenv}
	if code := run(context.Background(), []string{"incidents", "list", "--data-dir", filepath.Join(s.dir, "data"), "--format", "json"}, c); code != 0 {
		t.Fatalf("incidents list: %s", out.String())
	}
	byPreview := map[string]int64{}
	n := 0
	dec := json.NewDecoder(&out)
	for dec.More() {
		var in incidentJSON
		if err := dec.Decode(&in); err != nil {
			t.Fatal(err)
		}
		n++
		byPreview[in.Preview] = in.Count
	}
	if n != nSecrets {
		t.Fatalf("want %d incidents, got %d", nSecrets, n)
	}
	for sec, lines := range want {
		p := sec[:4] + "…" + sec[len(sec)-4:]
		if byPreview[p] != int64(lines) {
			t.Errorf("incident %s: count %d, want %d (a line lost or double counted)", p, byPreview[p], lines)
		}
	}
	if msgs := s.slack.messages(); len(msgs) != nSecrets {
		t.Errorf("want %d Slack messages (one per incident), got %d", nSecrets, len(msgs))
	}
}

func mkdir(t *testing.T, p string) string {
	if err := os.MkdirAll(p, 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// refusedReload is the daemon's log line for a refused reload, with the reason.
var refusedReload = regexp.MustCompile(`config reload refused.*bogus_key`)

// TestDaemonReload: SIGHUP with a rotated token file makes the next Slack call use the new
// token; SIGHUP with a broken config keeps the old one and reports the error.
func TestDaemonReload(t *testing.T) {
	s := newSetup(t, "0s")
	r := rand.New(rand.NewPCG(4, 0))
	one, two, three := fakesecret.GitHub(r, "ghp_"), fakesecret.GitHub(r, "ghp_"), fakesecret.GitHub(r, "ghp_")
	writeFile(t, filepath.Join(s.logs, "app.log"), logLine(1, one), 0o644)
	d := startDaemon(t, "--config", s.cfg)
	waitFor(t, "first alert", func() bool { return len(s.slack.messages()) == 1 }, d)

	writeFile(t, s.tokenFile, "xoxb-test-token-two\n", 0o600)
	_ = d.cmd.Process.Signal(syscall.SIGHUP)
	waitFor(t, "reload", func() bool { return metric(d.metrics(), `leakwatch_config_reloads_total{result="success"}`) == 1 }, d)
	appendFile(t, filepath.Join(s.logs, "app.log"), logLine(2, two))
	waitFor(t, "second alert", func() bool { return len(s.slack.messages()) == 2 }, d)
	if got := s.slack.messages()[1].Token; got != "xoxb-test-token-two" {
		t.Errorf("after rotation Slack was called with %q", got)
	}

	good, _ := os.ReadFile(s.cfg)
	writeFile(t, s.cfg, string(good)+"\nbogus_key: 1\n", 0o644)
	_ = d.cmd.Process.Signal(syscall.SIGHUP)
	// Wait for the log line, the last thing a refused reload does (the metrics come before it,
	// and the child's stderr reaches the test later still).
	waitFor(t, "refused reload logged with its reason", func() bool {
		return refusedReload.MatchString(d.stderr.String())
	}, d)
	m := d.metrics()
	if metric(m, `leakwatch_config_reloads_total{result="failure"}`) != 1 || metric(m, `leakwatch_config_last_reload_successful`) != 0 {
		t.Errorf("refused reload not counted:\n%s", m)
	}
	appendFile(t, filepath.Join(s.logs, "app.log"), logLine(3, three))
	waitFor(t, "alert with the kept config", func() bool { return len(s.slack.messages()) == 3 }, d)
	d.stop()
	auditNoSecret(t, []string{one, two, three, "xoxb-test-token-one", "xoxb-test-token-two"}, map[string]string{"stderr": d.stderr.String()}, filepath.Join(s.dir, "data"))
}

// TestDemo runs the README's demo command and finds the planted demo secret as an incident
// and in /metrics.
func TestDemo(t *testing.T) {
	dir := t.TempDir()
	d := startDaemon(t, "--demo", "--demo-dir", dir)
	waitFor(t, "demo incident in metrics", func() bool {
		return metric(d.metrics(), `leakwatch_hits_total{rule="github-pat",source="demo-files"}`) == 1
	}, d)
	waitFor(t, "demo alert in the log", func() bool { return strings.Contains(d.stderr.String(), "secret leaked") }, d)
	waitFor(t, "demo incident counted open", func() bool {
		return metric(d.metrics(), `leakwatch_incidents_open{severity="critical",verified="unchecked"}`) == 1
	}, d)
	d.stop()
	if strings.Contains(d.stderr.String(), "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") {
		t.Errorf("demo secret printed in full")
	}
}
