package loki_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/internal/backoff"
	"github.com/leakwatch/leakwatch/pushdown"
	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/loki"
	"github.com/leakwatch/leakwatch/sources/loki/lokifake"
	promcfg "github.com/prometheus/common/config"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func newFake(t *testing.T, opts lokifake.Options) (*lokifake.Fake, string) {
	t.Helper()
	if opts.Now == nil {
		opts.Now = func() time.Time { return t0.Add(24 * time.Hour) }
	}
	f := lokifake.New(opts)
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv.URL
}

func newSource(t *testing.T, url string, mod func(*loki.Config)) *loki.Source {
	t.Helper()
	cfg := loki.Config{Name: "loki-test", URL: url, Retry: backoff.Policy{Base: time.Millisecond, Max: 5 * time.Millisecond}}
	if mod != nil {
		mod(&cfg)
	}
	s, err := loki.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// collect scans w and returns every line emitted, in order.
func collect(ctx context.Context, s *loki.Source, w sources.Window, f sources.Filter) ([]sources.Line, int, error) {
	var lines []sources.Line
	pages := 0
	err := s.Scan(ctx, sources.Request{Window: w, Filter: f}, func(_ context.Context, p sources.Page) error {
		pages++
		for _, l := range p.Lines {
			// Stream records (labels only) are TestStreamLabelsRead's.
			if !l.StreamOnly {
				lines = append(lines, l)
			}
		}
		return nil
	})
	return lines, pages, err
}

func hour(h int) sources.Window {
	return sources.Window{Start: t0, End: t0.Add(time.Duration(h) * time.Hour)}
}

// assertExactlyOnce checks that lines are exactly want (as "stream|text" keys), each once.
func assertExactlyOnce(t *testing.T, lines []sources.Line, want map[string]bool) {
	t.Helper()
	got := map[string]int{}
	ids := map[string]bool{}
	for _, l := range lines {
		got[l.Labels["job"]+"|"+string(l.Text)]++
		if ids[l.ID] {
			t.Errorf("duplicate line ID %s (%s)", l.ID, l.Location)
		}
		ids[l.ID] = true
	}
	if len(lines) != len(want) {
		t.Errorf("scanned %d lines, want %d", len(lines), len(want))
	}
	for k, n := range got {
		if n != 1 {
			t.Errorf("line %q scanned %d times", k, n)
		}
		if !want[k] {
			t.Errorf("unexpected line %q", k)
		}
	}
	for k := range want {
		if got[k] == 0 {
			t.Errorf("line %q never scanned", k)
		}
	}
}

// TestScanSharedTimestamps: 12,000 entries on 3 timestamps in 5 streams, pages of 5000:
// page boundaries fall inside a nanosecond, and every entry is read exactly once.
func TestScanSharedTimestamps(t *testing.T) {
	f, u := newFake(t, lokifake.Options{})
	want := map[string]bool{}
	for ts := 0; ts < 3; ts++ {
		for st := 0; st < 5; st++ {
			job := "job" + strconv.Itoa(st)
			var es []lokifake.Entry
			for i := 0; i < 800; i++ {
				text := fmt.Sprintf("ts%d stream%d entry%d", ts, st, i)
				es = append(es, lokifake.Entry{Time: t0.Add(time.Duration(ts) * time.Second), Line: text})
				want[job+"|"+text] = true
			}
			if err := f.Push("fake", map[string]string{"job": job}, es...); err != nil {
				t.Fatal(err)
			}
		}
	}
	s := newSource(t, u, nil)
	lines, pages, err := collect(context.Background(), s, hour(1), sources.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	assertExactlyOnce(t, lines, want)
	if pages < 3 {
		t.Errorf("%d pages, want at least 3 (12000 entries, limit 5000)", pages)
	}
	for i := 1; i < len(lines); i++ {
		if lines[i].Time.Before(lines[i-1].Time) {
			t.Fatalf("line %d goes back in time", i)
		}
	}
}

// TestScanOneNanosecondOverflow: more entries share one nanosecond than a page holds; they
// are read stream by stream. When one stream alone overflows a page, the scan fails.
func TestScanOneNanosecondOverflow(t *testing.T) {
	f, u := newFake(t, lokifake.Options{})
	want := map[string]bool{}
	push := func(job string, n int, at time.Time) {
		var es []lokifake.Entry
		for i := 0; i < n; i++ {
			text := fmt.Sprintf("%s entry %d at %d", job, i, at.Unix())
			es = append(es, lokifake.Entry{Time: at, Line: text})
			want[job+"|"+text] = true
		}
		if err := f.Push("fake", map[string]string{"job": job}, es...); err != nil {
			t.Fatal(err)
		}
	}
	for st := 0; st < 5; st++ {
		push("job"+strconv.Itoa(st), 30, t0)                 // 150 entries at t0
		push("job"+strconv.Itoa(st), 3, t0.Add(time.Second)) // and a few later
	}
	s := newSource(t, u, func(c *loki.Config) { c.Limit = 100 })
	lines, _, err := collect(context.Background(), s, hour(1), sources.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	assertExactlyOnce(t, lines, want)

	push("big", 120, t0.Add(time.Minute))
	_, _, err = collect(context.Background(), s, hour(1), sources.Filter{})
	var se *sources.Error
	if !errors.As(err, &se) || se.Kind != sources.KindConfig || !strings.Contains(err.Error(), "single nanosecond") {
		t.Fatalf("stream with 120 entries in one nanosecond, limit 100: err %v, want a config error", err)
	}
}

func TestScanChunksAndPushdown(t *testing.T) {
	f, u := newFake(t, lokifake.Options{})
	want := map[string]bool{}
	for i := 0; i < 50; i++ {
		text := fmt.Sprintf("line %d", i)
		if i%10 == 0 {
			text += " token=ghp_x"
			want["app|"+text] = true
		}
		if err := f.Push("fake", map[string]string{"job": "app"}, lokifake.Entry{Time: t0.Add(time.Duration(i) * 6 * time.Minute), Line: text}); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name           string
		chunk, maxLen  time.Duration
		wantChunkSpans time.Duration
	}{
		{"chunk 1h", time.Hour, 0, time.Hour},
		{"max query length below chunk", 3 * time.Hour, 90 * time.Minute, 90 * time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(f.Requests())
			s := newSource(t, u, func(c *loki.Config) { c.Chunk, c.MaxQueryLength = tc.chunk, tc.maxLen })
			lines, _, err := collect(context.Background(), s, hour(5), sources.Filter{Plan: &pushdown.Plan{Stages: []pushdown.Clause{{{Text: "ghp_"}, {Text: "token=ghp", IgnoreCase: true}}}}})
			if err != nil {
				t.Fatal(err)
			}
			assertExactlyOnce(t, lines, want)
			reqs := f.Requests()[before:]
			var covered time.Duration
			for _, r := range reqs {
				if r.Path != "/loki/api/v1/query_range" {
					continue
				}
				start, _ := strconv.ParseInt(r.Form.Get("start"), 10, 64)
				end, _ := strconv.ParseInt(r.Form.Get("end"), 10, 64)
				if d := time.Duration(end - start); d > tc.wantChunkSpans {
					t.Errorf("query spans %v, want at most %v", d, tc.wantChunkSpans)
				}
				covered += time.Duration(end - start)
				if q := r.Form.Get("query"); !strings.Contains(q, "ghp_") || !strings.HasPrefix(q, loki.DefaultSelector) {
					t.Errorf("query %q lacks the selector or the pushdown", q)
				}
				if r.Form.Get("direction") != "forward" || r.Header.Get("X-Loki-Response-Encoding-Flags") != "categorize-labels" {
					t.Errorf("request %v %v: want direction=forward and categorize-labels", r.Form, r.Header)
				}
			}
			if covered != 5*time.Hour {
				t.Errorf("queries cover %v, want the 5h window", covered)
			}
		})
	}
}

func TestScanErrorsNotRetried(t *testing.T) {
	f, u := newFake(t, lokifake.Options{})
	_ = f.Push("fake", map[string]string{"job": "app"}, lokifake.Entry{Time: t0, Line: "x"})
	before := len(f.Requests())
	s := newSource(t, u, func(c *loki.Config) { c.Limit = 6000 })
	_, _, err := collect(context.Background(), s, hour(1), sources.Filter{})
	var se *sources.Error
	if !errors.As(err, &se) || se.Kind != sources.KindConfig || se.Retryable {
		t.Fatalf("limit above the server max: err %v, want a non-retryable config error", err)
	}
	if !strings.Contains(err.Error(), "max entries limit per query exceeded") {
		t.Errorf("error %q does not carry Loki's message", err)
	}
	if n := len(f.Requests()) - before; n != 1 {
		t.Errorf("%d requests, want 1 (a 400 is not retried)", n)
	}

	_, ua := newFake(t, lokifake.Options{AuthEnabled: true})
	_, _, err = collect(context.Background(), newSource(t, ua, nil), hour(1), sources.Filter{})
	if !errors.As(err, &se) || se.Kind != sources.KindConfig || !strings.Contains(err.Error(), "tenant") || !strings.Contains(err.Error(), "no org id") {
		t.Errorf("missing tenant: err %v, want a config error about the tenant", err)
	}
}

func TestValidateSelector(t *testing.T) {
	for sel, ok := range map[string]bool{
		`{job=~".+"}`: true, `{job!=""}`: true, `{job="app"}`: true, `{service_name=~".+"}`: true,
		`{ job = "a" , env =~ "p.*" }`: true, "{job=`a\"b`}": true,
		`{}`: false, `{job=~".*"}`: false, `{job!="x"}`: false, `{job!~"x"}`: false,
		`{job="a"`: false, `job="a"`: false, `{job="a"} |= "x"`: false, `{job=~"("}`: false, `{9job="a"}`: false,
	} {
		if err := loki.ValidateSelector(sel); (err == nil) != ok {
			t.Errorf("ValidateSelector(%s) = %v, want ok=%v", sel, err, ok)
		}
	}
	if _, err := loki.New(loki.Config{Name: "x", URL: "http://loki:3100", Selectors: []string{`{}`}}); err == nil || !strings.Contains(err.Error(), "selectors[0]") {
		t.Errorf("New with {}: %v, want an error naming the selector", err)
	}
}

// TestScanRetries: each transient fault is retried and the scan completes with every line
// once; when the fault persists, Scan fails (the window is not marked scanned).
func TestScanRetries(t *testing.T) {
	faults := []struct {
		name  string
		fault lokifake.Fault
		kind  sources.ErrorKind
	}{
		{"429", lokifake.Fault429, sources.KindThrottled},
		{"500", lokifake.Fault500, sources.KindServer},
		{"truncated JSON", lokifake.FaultTruncated, sources.KindProtocol},
		{"connection drop", lokifake.FaultCloseConn, sources.KindTransport},
	}
	for _, tc := range faults {
		t.Run(tc.name, func(t *testing.T) {
			f, u := newFake(t, lokifake.Options{})
			want := map[string]bool{}
			for i := 0; i < 25; i++ {
				text := "line " + strconv.Itoa(i)
				_ = f.Push("fake", map[string]string{"job": "app"}, lokifake.Entry{Time: t0.Add(time.Duration(i) * time.Second), Line: text})
				want["app|"+text] = true
			}
			s := newSource(t, u, func(c *loki.Config) { c.Limit = 10; c.Retry.Attempts = 3 })
			f.InjectFaults(tc.fault, 2) // first page fails twice
			var lines []sources.Line
			injected := false
			err := s.Scan(context.Background(), sources.Request{Window: hour(1)}, func(_ context.Context, p sources.Page) error {
				lines = append(lines, p.Lines...)
				if !injected { // and the second page too
					injected = true
					f.InjectFaults(tc.fault, 2)
				}
				return nil
			})
			if err != nil {
				t.Fatalf("transient %s: %v", tc.name, err)
			}
			assertExactlyOnce(t, lines, want)

			// A cut query is split in halves rather than retried: it fails for good only when
			// the cuts go on down to the smallest range.
			n := 3
			if tc.fault == lokifake.FaultCloseConn {
				n = 100
			}
			f.InjectFaults(tc.fault, n)
			_, pages, err := collect(context.Background(), s, hour(1), sources.Filter{})
			var se *sources.Error
			if !errors.As(err, &se) || se.Kind != tc.kind || !se.Retryable {
				t.Fatalf("persistent %s: err %v, want a retryable %s error", tc.name, err, tc.kind)
			}
			if pages != 0 {
				t.Errorf("persistent failure on the first page emitted %d pages", pages)
			}
		})
	}
}

// TestHeadersAndCredentials: the tenant and the credentials reach Loki, and a rotated
// credentials file is read on the next request, with no rebuild (prometheus/common reads
// *_file secrets per request).
func TestHeadersAndCredentials(t *testing.T) {
	f, u := newFake(t, lokifake.Options{AuthEnabled: true})
	_ = f.Push("team-a", map[string]string{"job": "app"}, lokifake.Entry{Time: t0, Line: "x"})
	pw := filepath.Join(t.TempDir(), "password")
	if err := os.WriteFile(pw, []byte("p1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := newSource(t, u, func(c *loki.Config) {
		c.Tenant = "team-a"
		c.HTTP.BasicAuth = &promcfg.BasicAuth{Username: "u", PasswordFile: pw}
	})
	last := func() (string, string) {
		r := f.Requests()[len(f.Requests())-1]
		return r.Header.Get("X-Scope-OrgID"), r.Header.Get("Authorization")
	}
	for _, want := range []string{"p1", "p2"} {
		if err := os.WriteFile(pw, []byte(want+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		lines, _, err := collect(context.Background(), s, hour(1), sources.Filter{})
		if err != nil || len(lines) != 1 {
			t.Fatalf("%d lines, err %v", len(lines), err)
		}
		if tenant, auth := last(); tenant != "team-a" || auth != "Basic "+base64.StdEncoding.EncodeToString([]byte("u:"+want)) {
			t.Errorf("password file holding %s: tenant %q auth %q", want, tenant, auth)
		}
	}
}

func TestLineFields(t *testing.T) {
	f, u := newFake(t, lokifake.Options{})
	at := t0.Add(90*time.Second + 123456789)
	_ = f.Push("fake", map[string]string{"job": "app", "env": "prod"},
		lokifake.Entry{Time: at, Line: `{"msg":"hi \"there\""}`, StructuredMetadata: map[string]string{"trace_id": "abc"}})
	s := newSource(t, u, func(c *loki.Config) { c.GrafanaURL = "https://grafana.example.com/"; c.DatasourceUID = "loki-uid" })
	lines, _, err := collect(context.Background(), s, hour(1), sources.Filter{})
	if err != nil || len(lines) != 1 {
		t.Fatalf("%d lines, err %v", len(lines), err)
	}
	l := lines[0]
	// Structured metadata is scanned apart from the line, so a finding there can say so.
	if !l.Time.Equal(at) || string(l.Text) != `{"msg":"hi \"there\""}` {
		t.Errorf("time %v text %q", l.Time, l.Text)
	}
	if len(l.Fields) != 1 || l.Fields[0] != (sources.Field{Name: "trace_id", Value: "abc"}) {
		t.Errorf("fields %v, want trace_id=abc", l.Fields)
	}
	if len(l.Labels) != 2 || l.Labels["job"] != "app" || l.Labels["env"] != "prod" {
		t.Errorf("labels %v, want the pushed stream labels only", l.Labels)
	}
	if want := `{env="prod", job="app"} @ 2026-03-01T12:01:30.123456789Z`; l.Location != want {
		t.Errorf("location %q, want %q", l.Location, want)
	}
	again, _, _ := collect(context.Background(), s, hour(1), sources.Filter{})
	if len(l.ID) < 16 || again[0].ID != l.ID {
		t.Errorf("ID %q not stable (%q on a rescan)", l.ID, again[0].ID)
	}

	link, err := url.Parse(l.Link)
	if err != nil || link.Host != "grafana.example.com" || link.Path != "/explore" {
		t.Fatalf("link %q", l.Link)
	}
	var panes struct {
		A struct {
			Datasource string `json:"datasource"`
			Queries    []struct {
				RefID, Expr, QueryType string
				Datasource             struct{ Type, UID string }
			} `json:"queries"`
			Range struct{ From, To string } `json:"range"`
		} `json:"a"`
	}
	if err := json.Unmarshal([]byte(link.Query().Get("panes")), &panes); err != nil {
		t.Fatalf("panes: %v in %q", err, l.Link)
	}
	ms := at.UnixMilli()
	q := panes.A.Queries
	if panes.A.Datasource != "loki-uid" || len(q) != 1 || q[0].Expr != `{env="prod", job="app"}` || q[0].QueryType != "range" ||
		q[0].Datasource.Type != "loki" || q[0].Datasource.UID != "loki-uid" ||
		panes.A.Range.From != strconv.FormatInt(ms-60000, 10) || panes.A.Range.To != strconv.FormatInt(ms+60000, 10) ||
		link.Query().Get("orgId") != "1" || link.Query().Get("schemaVersion") != "1" {
		t.Errorf("panes %+v in %q", panes, l.Link)
	}
}

func TestCancellation(t *testing.T) {
	f, u := newFake(t, lokifake.Options{})
	for i := 0; i < 30; i++ {
		_ = f.Push("fake", map[string]string{"job": "app"}, lokifake.Entry{Time: t0.Add(time.Duration(i) * time.Second), Line: "x" + strconv.Itoa(i)})
	}
	// Cancelled by the consumer after the first page: no further request.
	s := newSource(t, u, func(c *loki.Config) { c.Limit = 10 })
	ctx, cancel := context.WithCancel(context.Background())
	before := len(f.Requests())
	pages := 0
	err := s.Scan(ctx, sources.Request{Window: hour(1)}, func(ctx context.Context, p sources.Page) error {
		pages++
		cancel()
		return ctx.Err()
	})
	if !errors.Is(err, context.Canceled) || pages != 1 || len(f.Requests())-before != 1 {
		t.Errorf("err %v after %d pages and %d requests, want context.Canceled after 1", err, pages, len(f.Requests())-before)
	}

	// Cancelled while backing off from a 429 with an hour-long backoff: returns at once.
	s = newSource(t, u, func(c *loki.Config) { c.Retry.Base, c.Retry.Max, c.Retry.MaxWait = time.Hour, time.Hour, 2*time.Hour })
	f.InjectFaults(lokifake.Fault429, 1)
	ctx, cancel = context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for len(f.Requests()) < before+2 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	_, _, err = collect(ctx, s, hour(1), sources.Filter{})
	wg.Wait()
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancel during backoff: %v, want context.Canceled", err)
	}
}

func TestMultiTenantAndSelectors(t *testing.T) {
	f, u := newFake(t, lokifake.Options{AuthEnabled: true, MultiTenantQueries: true})
	_ = f.Push("a", map[string]string{"job": "app"}, lokifake.Entry{Time: t0, Line: "from a"})
	_ = f.Push("b", map[string]string{"job": "app"}, lokifake.Entry{Time: t0, Line: "from b"})
	_ = f.Push("b", map[string]string{"job": "db"}, lokifake.Entry{Time: t0, Line: "db line"})
	s := newSource(t, u, func(c *loki.Config) {
		c.Tenant = "a|b"
		c.Selectors = []string{`{job="app"}`, `{job="db"}`}
	})
	lines, _, err := collect(context.Background(), s, hour(1), sources.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, l := range lines {
		got[string(l.Text)] = l.Labels["__tenant_id__"]
	}
	if len(lines) != 3 || got["from a"] != "a" || got["from b"] != "b" || got["db line"] != "b" {
		t.Errorf("lines by tenant %v", got)
	}
}

func TestEmptyWindow(t *testing.T) {
	f, u := newFake(t, lokifake.Options{})
	s := newSource(t, u, nil)
	if _, _, err := collect(context.Background(), s, sources.Window{Start: t0, End: t0}, sources.Filter{}); err != nil {
		t.Fatal(err)
	}
	if n := len(f.Requests()); n != 0 {
		t.Errorf("empty window made %d requests", n)
	}
}

// TestMultiTenantRefused: a Loki without multi_tenant_queries_enabled answers a query for
// "a|b" with 500 "multiple org IDs present"; that is a config error, not retried, and says
// what to change.
func TestMultiTenantRefused(t *testing.T) {
	f, u := newFake(t, lokifake.Options{AuthEnabled: true})
	_ = f.Push("a", map[string]string{"job": "app"}, lokifake.Entry{Time: t0, Line: "from a"})
	s := newSource(t, u, func(c *loki.Config) { c.Tenant = "a|b" })
	_, _, err := collect(context.Background(), s, hour(1), sources.Filter{})
	var se *sources.Error
	if !errors.As(err, &se) || se.Kind != sources.KindConfig || se.Retryable {
		t.Fatalf("got %v, want a non-retryable config error", err)
	}
	for _, want := range []string{"multiple org IDs present", "multi_tenant_queries_enabled", "one source per tenant"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if n := len(f.Requests()); n != 1 {
		t.Errorf("%d requests, want 1 (a refusal is not retried)", n)
	}
}
