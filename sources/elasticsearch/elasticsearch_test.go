package elasticsearch

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/internal/backoff"
	"github.com/leakwatch/leakwatch/internal/httpclient/sigv4"
	"github.com/leakwatch/leakwatch/pushdown"
	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/elasticsearch/esfake"
	promcfg "github.com/prometheus/common/config"
)

var t0 = time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newFake(t testing.TB, o esfake.Options) (*esfake.Server, string) {
	t.Helper()
	f := esfake.New(o)
	ts := httptest.NewServer(f)
	t.Cleanup(ts.Close)
	return f, ts.URL
}

func newSource(t testing.TB, url string, mut func(*Config)) *Source {
	t.Helper()
	cfg := Config{Name: "es-test", URLs: []string{url}, Index: "logs-*", TiebreakerField: "event.id",
		Retry: backoff.Policy{Base: time.Millisecond}, Logger: quiet()}
	if mut != nil {
		mut(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// addDoc indexes a document at t0+ms with a unique event.id.
func addDoc(t testing.TB, f *esfake.Server, index, id string, at time.Time, msg string) {
	t.Helper()
	err := f.Add(index, id, map[string]any{
		"@timestamp": at.UTC().Format(time.RFC3339Nano),
		"message":    msg,
		"event":      map[string]any{"id": "ev-" + id},
	})
	if err != nil {
		t.Fatal(err)
	}
}

type collector struct {
	mu    sync.Mutex
	pages int
	ids   map[string]int
	lines []sources.Line
}

func (c *collector) emit(_ context.Context, p sources.Page) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ids == nil {
		c.ids = map[string]int{}
	}
	c.pages++
	for _, l := range p.Lines {
		// Counted by document (index/_id, the location); the line id is that document's hash.
		if d, err := ParseDocLocation(l.Location); err != nil || l.ID != DocLineID(d.Index, d.ID) {
			return fmt.Errorf("line %q at %q: its id is not its document's hash (%v)", l.ID, l.Location, err)
		}
		c.ids[l.Location]++
		c.lines = append(c.lines, l)
	}
	return nil
}

// checkExactlyOnce asserts every wanted ID was read once and nothing else was read.
func (c *collector) checkExactlyOnce(t *testing.T, want map[string]bool) {
	t.Helper()
	bad := 0
	for id, n := range c.ids {
		if !want[id] {
			bad++
			if bad < 5 {
				t.Errorf("read %s, which is not in the window", id)
			}
		} else if n != 1 {
			bad++
			if bad < 5 {
				t.Errorf("read %s %d times", id, n)
			}
		}
	}
	missing := 0
	for id := range want {
		if c.ids[id] == 0 {
			missing++
		}
	}
	if missing > 0 || bad > 0 {
		t.Fatalf("%d documents missing, %d read wrongly (of %d wanted, %d distinct read)", missing, bad, len(want), len(c.ids))
	}
}

// corpus indexes n documents in [t0, t0+1m) over two indices, a third of them sharing one
// millisecond and the rest on 200 timestamps, plus documents just outside the window.
func corpus(t testing.TB, f *esfake.Server, n int) (sources.Window, map[string]bool) {
	w := sources.Window{Start: t0, End: t0.Add(time.Minute)}
	want := map[string]bool{}
	for i := 0; i < n; i++ {
		at := t0.Add(time.Duration(i%200) * 250 * time.Millisecond)
		if i%3 == 0 {
			at = t0.Add(30 * time.Second) // a third share one timestamp
		}
		idx := fmt.Sprintf("logs-2026.11.0%d", 1+i%2)
		id := fmt.Sprintf("d%06d", i)
		addDoc(t, f, idx, id, at, "GET /health 200")
		want[idx+"/"+id] = true
	}
	addDoc(t, f, "logs-2026.11.01", "before", t0.Add(-time.Millisecond), "x")
	addDoc(t, f, "logs-2026.11.01", "at-end", w.End, "x")
	addDoc(t, f, "other-index", "other", t0.Add(time.Second), "x")
	return w, want
}

func TestScanEveryDocumentExactlyOnce(t *testing.T) {
	cases := []struct {
		name    string
		flavor  esfake.Flavor
		disable bool
		pitPath string
	}{
		{"elasticsearch-pit", esfake.Elasticsearch, false, "/logs-*/_pit"},
		{"opensearch-pit", esfake.OpenSearch, false, "/logs-*/_search/point_in_time"},
		{"elasticsearch-no-pit", esfake.Elasticsearch, true, ""},
		{"opensearch-no-pit", esfake.OpenSearch, true, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, url := newFake(t, esfake.Options{Flavor: tc.flavor, PITRotateEvery: 3})
			w, want := corpus(t, f, 25000)
			s := newSource(t, url, func(c *Config) { c.DisablePIT = tc.disable })
			var c collector
			if err := s.Scan(context.Background(), sources.Request{Window: w}, c.emit); err != nil {
				t.Fatal(err)
			}
			c.checkExactlyOnce(t, want)
			if c.pages < 25 {
				t.Errorf("%d pages, want at least 25 of at most 1000", c.pages)
			}
			if n := f.OpenPITs(); n != 0 {
				t.Errorf("%d points in time left open", n)
			}
			var opened, searchedPIT, searchedIndex int
			for _, r := range f.Requests() {
				switch {
				case r.Method == "POST" && r.Path == tc.pitPath:
					opened++
				case r.Path == "/_search":
					searchedPIT++
				case r.Path == "/logs-*/_search":
					searchedIndex++
				}
			}
			if tc.disable && (opened != 0 || searchedPIT != 0 || searchedIndex < 25) {
				t.Errorf("fallback: %d PIT opens, %d PIT searches, %d index searches", opened, searchedPIT, searchedIndex)
			}
			if !tc.disable && (opened != 1 || searchedPIT < 25 || searchedIndex != 0) {
				t.Errorf("PIT: %d opens, %d PIT searches, %d index searches", opened, searchedPIT, searchedIndex)
			}
		})
	}
}

func TestWindowBoundariesAreExact(t *testing.T) {
	f, url := newFake(t, esfake.Options{})
	ms := time.Millisecond
	times := map[string]time.Time{
		"a": t0.Add(-ms), "b": t0, "c": t0.Add(ms), "d": t0.Add(10 * ms), "e": t0.Add(11 * ms), "f": t0.Add(12 * ms),
	}
	for id, at := range times {
		addDoc(t, f, "logs-a", id, at, "x")
	}
	s := newSource(t, url, nil)
	cases := []struct {
		start, end time.Time
		want       string
	}{
		{t0, t0.Add(11 * ms), "b c d"},
		{t0.Add(11 * ms), t0.Add(time.Second), "e f"},
		// nanosecond boundaries: a document at ms M belongs to [start, end) iff start <= M < end
		{t0.Add(500 * time.Microsecond), t0.Add(10*ms + 1), "c d"},
		{t0.Add(10*ms + 1), t0.Add(11*ms + 1), "e"},
		{t0.Add(-ms + 1), t0.Add(ms), "b"},
		{t0.Add(ms + 1), t0.Add(ms + 2), ""},
	}
	for _, tc := range cases {
		var c collector
		w := sources.Window{Start: tc.start, End: tc.end}
		if err := s.Scan(context.Background(), sources.Request{Window: w}, c.emit); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, id := range strings.Fields("a b c d e f") {
			if c.ids["logs-a/"+id] > 0 {
				got = append(got, id)
			}
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("window %s: read %q, want %q", w, strings.Join(got, " "), tc.want)
		}
	}
}

func TestPartialResultsFailTheWindow(t *testing.T) {
	for _, kind := range []esfake.FaultKind{esfake.FaultShardFailure, esfake.FaultTimedOut} {
		for _, fl := range []esfake.Flavor{esfake.Elasticsearch, esfake.OpenSearch} {
			t.Run(fmt.Sprint(fl, kind), func(t *testing.T) {
				f, url := newFake(t, esfake.Options{Flavor: fl})
				w, _ := corpus(t, f, 3000)
				s := newSource(t, url, nil)
				// The second page comes back with one shard missing (or timed out).
				var c collector
				calls := 0
				emit := func(ctx context.Context, p sources.Page) error {
					calls++
					if calls == 1 {
						f.Inject(esfake.OpSearch, esfake.Fault{Kind: kind})
					}
					return c.emit(ctx, p)
				}
				err := s.Scan(context.Background(), sources.Request{Window: w}, emit)
				var se *sources.Error
				if !errors.As(err, &se) || se.Kind != sources.KindProtocol || !se.Retryable {
					t.Fatalf("err = %v, want a retryable protocol sources.Error", err)
				}
				if !strings.Contains(err.Error(), "partial results") {
					t.Errorf("error does not say partial results: %v", err)
				}
				if kind == esfake.FaultShardFailure && !strings.Contains(err.Error(), "node_disconnected_exception") {
					t.Errorf("error lacks the shard failure reason: %v", err)
				}
				if c.pages != 1 {
					t.Errorf("%d pages emitted, want only the one before the partial page", c.pages)
				}
				if f.OpenPITs() != 0 {
					t.Error("point in time left open after the error")
				}
			})
		}
	}
}

func TestThrottleStormThenRecovery(t *testing.T) {
	for _, fl := range []esfake.Flavor{esfake.Elasticsearch, esfake.OpenSearch} {
		t.Run(string(fl), func(t *testing.T) {
			f, url := newFake(t, esfake.Options{Flavor: fl})
			w, want := corpus(t, f, 5000)
			s := newSource(t, url, func(c *Config) { c.Retry.Attempts = 8 })
			var c collector
			calls := 0
			emit := func(ctx context.Context, p sources.Page) error {
				calls++
				if calls == 2 {
					f.Inject(esfake.OpSearch,
						esfake.Fault{Kind: esfake.FaultThrottle}, esfake.Fault{Kind: esfake.FaultThrottle},
						esfake.Fault{Kind: esfake.FaultStatus, Status: 503, Body: `{"error":{"root_cause":[],"type":"cluster_block_exception","reason":"blocked"},"status":503}`},
						esfake.Fault{Kind: esfake.FaultDisconnect},
						esfake.Fault{Kind: esfake.FaultTruncate},
						esfake.Fault{Kind: esfake.FaultStatus, Status: 502, Body: "<html>Bad Gateway</html>"},
						esfake.Fault{Kind: esfake.FaultThrottle})
				}
				return c.emit(ctx, p)
			}
			if err := s.Scan(context.Background(), sources.Request{Window: w}, emit); err != nil {
				t.Fatal(err)
			}
			if f.PendingFaults() != 0 {
				t.Fatalf("%d faults never fired", f.PendingFaults())
			}
			c.checkExactlyOnce(t, want)
		})
	}
}

func TestThrottleExhaustedIsRetryable(t *testing.T) {
	f, url := newFake(t, esfake.Options{Flavor: esfake.OpenSearch})
	w, _ := corpus(t, f, 10)
	s := newSource(t, url, func(c *Config) { c.Retry.Attempts = 3 })
	f.Inject(esfake.OpSearch, esfake.Fault{Kind: esfake.FaultThrottle}, esfake.Fault{Kind: esfake.FaultThrottle}, esfake.Fault{Kind: esfake.FaultThrottle})
	var c collector
	err := s.Scan(context.Background(), sources.Request{Window: w}, c.emit)
	var se *sources.Error
	if !errors.As(err, &se) || se.Kind != sources.KindThrottled || !se.Retryable {
		t.Fatalf("err = %v, want retryable throttled", err)
	}
	if !strings.Contains(err.Error(), "rejected_execution_exception") {
		t.Errorf("error does not name the rejection: %v", err)
	}
	if c.pages != 0 || f.OpenPITs() != 0 {
		t.Errorf("pages %d, open PITs %d", c.pages, f.OpenPITs())
	}
}

func TestExpiredPITResumes(t *testing.T) {
	for _, fl := range []esfake.Flavor{esfake.Elasticsearch, esfake.OpenSearch} {
		t.Run(string(fl), func(t *testing.T) {
			f, url := newFake(t, esfake.Options{Flavor: fl})
			w := sources.Window{Start: t0, End: t0.Add(time.Minute)}
			want := map[string]bool{}
			// 2500 documents on 5 timestamps: pages of 100 end inside a timestamp group.
			for i := 0; i < 2500; i++ {
				id := fmt.Sprintf("d%05d", i)
				addDoc(t, f, "logs-x", id, t0.Add(time.Duration(i%5)*time.Second), "x")
				want["logs-x/"+id] = true
			}
			s := newSource(t, url, func(c *Config) { c.PageSize = 100 })
			var c collector
			calls := 0
			emit := func(ctx context.Context, p sources.Page) error {
				calls++
				if calls == 3 || calls == 12 {
					f.Inject(esfake.OpSearch, esfake.Fault{Kind: esfake.FaultExpirePIT})
				}
				return c.emit(ctx, p)
			}
			if err := s.Scan(context.Background(), sources.Request{Window: w}, emit); err != nil {
				t.Fatal(err)
			}
			c.checkExactlyOnce(t, want)
			opens := 0
			for _, r := range f.Requests() {
				if r.Method == "POST" && strings.Contains(r.Path, "_pit") || strings.HasSuffix(r.Path, "/point_in_time") && r.Method == "POST" {
					opens++
				}
			}
			if opens != 3 {
				t.Errorf("%d PIT opens, want 3 (first + 2 reopens)", opens)
			}
			if f.OpenPITs() != 0 {
				t.Error("point in time left open")
			}
		})
	}
}

func TestAuthentication(t *testing.T) {
	encoded := base64.StdEncoding.EncodeToString([]byte("VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw"))
	basic := func(u, p string) promcfg.HTTPClientConfig {
		return promcfg.HTTPClientConfig{BasicAuth: &promcfg.BasicAuth{Username: u, Password: promcfg.Secret(p)}}
	}
	authz := func(typ, cred string) promcfg.HTTPClientConfig {
		return promcfg.HTTPClientConfig{Authorization: &promcfg.Authorization{Type: typ, Credentials: promcfg.Secret(cred)}}
	}
	cases := []struct {
		name     string
		flavor   esfake.Flavor
		http     promcfg.HTTPClientConfig
		header   string
		password string
		ok       bool
	}{
		{"api key", esfake.Elasticsearch, authz("ApiKey", encoded), "ApiKey " + encoded, "", true},
		{"basic", esfake.OpenSearch, basic("leakwatch", "s3cret-pw"), "Basic " + base64.StdEncoding.EncodeToString([]byte("leakwatch:s3cret-pw")), "", true},
		{"bearer", esfake.Elasticsearch, authz("", "jwt-abc.def.ghi"), "Bearer jwt-abc.def.ghi", "", true},
		{"wrong password es", esfake.Elasticsearch, basic("leakwatch", "nope"), "", "nope", false},
		{"wrong password opensearch", esfake.OpenSearch, basic("leakwatch", "nope"), "", "nope", false},
		{"no credentials", esfake.Elasticsearch, promcfg.HTTPClientConfig{}, "", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, url := newFake(t, esfake.Options{Flavor: tc.flavor, APIKeys: []string{encoded},
				Users: map[string]string{"leakwatch": "s3cret-pw"}, BearerTokens: []string{"jwt-abc.def.ghi"}})
			w, want := corpus(t, f, 50)
			s := newSource(t, url, func(c *Config) { c.HTTP = tc.http })
			var c collector
			err := s.Scan(context.Background(), sources.Request{Window: w}, c.emit)
			if tc.ok {
				if err != nil {
					t.Fatal(err)
				}
				c.checkExactlyOnce(t, want)
				for _, r := range f.Requests() {
					if r.Authorization != tc.header {
						t.Fatalf("%s %s sent Authorization %q, want %q", r.Method, r.Path, r.Authorization, tc.header)
					}
				}
				return
			}
			var se *sources.Error
			if !errors.As(err, &se) || se.Kind != sources.KindConfig || se.Retryable {
				t.Fatalf("err = %v, want a config error", err)
			}
			if !strings.Contains(err.Error(), "401") || !strings.Contains(err.Error(), "username") {
				t.Errorf("error should say 401 and what to check: %v", err)
			}
			if tc.password != "" && strings.Contains(err.Error(), tc.password) {
				t.Errorf("error leaks the password: %v", err)
			}
		})
	}
}

// TestCredentialFileRotates: a rotated password file is read on the next request, with no
// rebuild (prometheus/common reads *_file secrets per request).
func TestCredentialFileRotates(t *testing.T) {
	f, url := newFake(t, esfake.Options{Users: map[string]string{"lw": "new-pw"}})
	w, want := corpus(t, f, 20)
	pw := filepath.Join(t.TempDir(), "password")
	if err := os.WriteFile(pw, []byte("old-pw\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := newSource(t, url, func(c *Config) {
		c.HTTP.BasicAuth = &promcfg.BasicAuth{Username: "lw", PasswordFile: pw}
	})
	var c collector
	if err := s.Scan(context.Background(), sources.Request{Window: w}, c.emit); err == nil {
		t.Fatal("old password accepted")
	}
	if err := os.WriteFile(pw, []byte("new-pw\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c = collector{}
	if err := s.Scan(context.Background(), sources.Request{Window: w}, c.emit); err != nil {
		t.Fatal(err)
	}
	c.checkExactlyOnce(t, want)
}

func TestConfigErrors(t *testing.T) {
	cases := []struct {
		name string
		mut  func(*Config)
		want string
	}{
		{"opensearch needs tiebreaker", func(c *Config) { c.Flavor = FlavorOpenSearch; c.TiebreakerField = "" }, "tiebreaker_field"},
		{"no pit needs tiebreaker", func(c *Config) { c.DisablePIT = true; c.TiebreakerField = "" }, "tiebreaker_field"},
		{"page size", func(c *Config) { c.PageSize = 10001 }, "page_size"},
		{"pushdown", func(c *Config) { c.Pushdown = "some" }, "pushdown"},
		{"query without mode", func(c *Config) { c.Query = []byte(`{"match_all":{}}`) }, "query"},
		{"query malformed", func(c *Config) { c.Pushdown = PushdownQuery; c.Query = []byte(`[1]`) }, "query"},
		{"field type", func(c *Config) { c.FieldType = "match_only_text" }, "field_type"},
		{"url credentials", func(c *Config) { c.URLs = []string{"https://u:p@es:9200"} }, "urls[0]"},
		{"url scheme", func(c *Config) { c.URLs = []string{"es:9200"} }, "urls[0]"},
		{"no index", func(c *Config) { c.Index = "" }, "index"},
		{"two credentials", func(c *Config) {
			c.HTTP.BasicAuth = &promcfg.BasicAuth{Username: "u"}
			c.HTTP.Authorization = &promcfg.Authorization{Credentials: "y"}
		}, "at most one of basic_auth, oauth2 & authorization"},
		{"sigv4 with basic auth", func(c *Config) {
			c.HTTP.BasicAuth = &promcfg.BasicAuth{Username: "u"}
			c.SigV4 = &sigv4.Config{}
		}, "sigv4: not with basic_auth"},
		{"kibana without data view", func(c *Config) { c.KibanaURL = "https://kibana" }, "data_view_id"},
		{"cert without key", func(c *Config) { c.HTTP.TLSConfig.CertFile = "client.pem" }, "tls_config: exactly one of key or key_file"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := Config{Name: "x", URLs: []string{"http://es:9200"}, Index: "logs-*", TiebreakerField: "event.id"}
			tc.mut(&cfg)
			_, err := New(cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one naming %q", err, tc.want)
			}
		})
	}
}

func TestOpenSearchDetectedWithoutTiebreaker(t *testing.T) {
	f, url := newFake(t, esfake.Options{Flavor: esfake.OpenSearch})
	w, _ := corpus(t, f, 5)
	s := newSource(t, url, func(c *Config) { c.TiebreakerField = "" })
	err := s.Scan(context.Background(), sources.Request{Window: w}, (&collector{}).emit)
	var se *sources.Error
	if !errors.As(err, &se) || se.Kind != sources.KindConfig || !strings.Contains(err.Error(), "tiebreaker_field") ||
		!strings.Contains(err.Error(), "OpenSearch") {
		t.Fatalf("err = %v, want a config error naming tiebreaker_field and explaining", err)
	}
}

func TestClusterErrors(t *testing.T) {
	cases := []struct {
		name  string
		opts  esfake.Options
		mut   func(*Config)
		kind  sources.ErrorKind
		wants []string
	}{
		{"index not found", esfake.Options{}, func(c *Config) { c.Index = "logs-missing" }, sources.KindConfig,
			[]string{"index_not_found_exception", "no such index [logs-missing]", `"logs-missing"`}},
		{"expensive queries disallowed in the configured query", esfake.Options{Model: esfake.Model{DisallowExpensiveQueries: true}},
			func(c *Config) {
				c.Pushdown = PushdownQuery
				c.Query = json.RawMessage(`{"wildcard":{"message":{"value":"*akia*"}}}`)
			}, sources.KindConfig,
			[]string{"allow_expensive_queries", "must not use them"}},
		{"result window", esfake.Options{MaxResultWindow: 400}, nil, sources.KindConfig,
			[]string{"Result window is too large", "[400] but was [1000]", "page_size"}},
		{"unknown field sort on es 8 _id", esfake.Options{}, func(c *Config) { c.DisablePIT = true; c.TiebreakerField = "_id" }, sources.KindConfig,
			[]string{"Fielddata access on the _id field is disallowed"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, url := newFake(t, tc.opts)
			w, _ := corpus(t, f, 5)
			s := newSource(t, url, tc.mut)
			req := sources.Request{Window: w, Filter: sources.Filter{Plan: &pushdown.Plan{Keywords: []pushdown.Literal{{Text: "AKIA"}}}}}
			err := s.Scan(context.Background(), req, (&collector{}).emit)
			var se *sources.Error
			if !errors.As(err, &se) || se.Kind != tc.kind {
				t.Fatalf("err = %v, want kind %s", err, tc.kind)
			}
			for _, want := range tc.wants {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error lacks %q: %v", want, err)
				}
			}
			if f.OpenPITs() != 0 {
				t.Error("point in time left open")
			}
		})
	}
}

// TestExpensiveQueriesFallback: a cluster with search.allow_expensive_queries: false refuses
// the pushdown's wildcard queries. The source says so once (WARN and the fallback hook), reads
// the window without pushdown (every document, so nothing is lost), and later windows go
// straight to the fallback: the refused query is sent once, never in a loop.
func TestExpensiveQueriesFallback(t *testing.T) {
	f, url := newFake(t, esfake.Options{Model: esfake.Model{DisallowExpensiveQueries: true}})
	w, want := corpus(t, f, 50)
	var logs bytes.Buffer
	var fallbacks []string
	s := newSource(t, url, func(c *Config) {
		c.Logger = slog.New(slog.NewTextHandler(&logs, nil))
		c.OnFallback = func(reason string) { fallbacks = append(fallbacks, reason) }
	})
	req := sources.Request{Window: w, Filter: sources.Filter{Plan: &pushdown.Plan{Keywords: []pushdown.Literal{{Text: "AKIA"}}}}}
	for range 2 {
		var c collector
		if err := s.Scan(context.Background(), req, c.emit); err != nil {
			t.Fatal(err)
		}
		c.checkExactlyOnce(t, want)
	}
	if len(fallbacks) != 1 || fallbacks[0] != "expensive_queries_disallowed" {
		t.Errorf("fallbacks %v, want one expensive_queries_disallowed", fallbacks)
	}
	if n := strings.Count(logs.String(), "search.allow_expensive_queries: false"); n != 1 {
		t.Errorf("%d warnings about allow_expensive_queries, want 1:\n%s", n, logs.String())
	}
	wildcards := 0
	for _, r := range f.Requests() {
		if strings.Contains(string(r.Body), "wildcard") {
			wildcards++
		}
	}
	if wildcards != 1 {
		t.Errorf("%d searches carried the refused wildcard query, want exactly 1", wildcards)
	}
	if f.OpenPITs() != 0 {
		t.Error("point in time left open")
	}
}

func TestFailoverToNextNode(t *testing.T) {
	f, url := newFake(t, esfake.Options{})
	w, want := corpus(t, f, 3000)
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close() // connection refused
	s := newSource(t, url, func(c *Config) { c.URLs = []string{deadURL, url} })
	var c collector
	if err := s.Scan(context.Background(), sources.Request{Window: w}, c.emit); err != nil {
		t.Fatal(err)
	}
	c.checkExactlyOnce(t, want)
}

func TestCancelAndEmitErrorClosePIT(t *testing.T) {
	f, url := newFake(t, esfake.Options{})
	w, _ := corpus(t, f, 3000)
	s := newSource(t, url, nil)
	boom := errors.New("disk full")
	err := s.Scan(context.Background(), sources.Request{Window: w}, func(context.Context, sources.Page) error { return boom })
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the emit error", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	err = s.Scan(ctx, sources.Request{Window: w}, func(context.Context, sources.Page) error { cancel(); return nil })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if n := f.OpenPITs(); n != 0 {
		t.Errorf("%d points in time left open", n)
	}
}

func TestLineFields(t *testing.T) {
	f, url := newFake(t, esfake.Options{})
	src := map[string]any{
		"@timestamp":   t0.Add(1500 * time.Millisecond).Format(time.RFC3339Nano),
		"message":      "first",
		"log":          map[string]any{"original": "second"},
		"service.name": "api",
		"host":         map[string]any{"name": "web-1"},
		"event":        map[string]any{"id": "e1"},
	}
	if err := f.Add("logs-a", "doc/1 ?", src); err != nil {
		t.Fatal(err)
	}
	s := newSource(t, url, func(c *Config) {
		c.MessageFields = []string{"message", "log.original"}
		c.LabelFields = []string{"service.name", "host.name", "kubernetes.pod.name"}
		c.KibanaURL, c.DataViewID = "https://kibana.example/", "logs-view"
	})
	var c collector
	if err := s.Scan(context.Background(), sources.Request{Window: sources.Window{Start: t0, End: t0.Add(time.Hour)}}, c.emit); err != nil {
		t.Fatal(err)
	}
	if len(c.lines) != 1 {
		t.Fatalf("%d lines", len(c.lines))
	}
	l := c.lines[0]
	checks := map[string][2]string{
		"text":     {string(l.Text), "first\nsecond"},
		"id":       {l.ID, DocLineID("logs-a", "doc/1 ?")},
		"location": {l.Location, "logs-a/doc/1 ?"},
		"link":     {l.Link, "https://kibana.example/app/discover#/doc/logs-view/logs-a?id=doc%2F1+%3F"},
		"time":     {l.Time.Format(time.RFC3339Nano), "2026-11-02T10:00:01.5Z"},
		"labels":   {fmt.Sprint(l.Labels), "map[host.name:web-1 service.name:api]"},
	}
	for name, c := range checks {
		if c[0] != c[1] {
			t.Errorf("%s = %q, want %q", name, c[0], c[1])
		}
	}
}

func TestPushdownSendsOnlyKeywordDocuments(t *testing.T) {
	for _, ft := range []string{"text", "keyword", "wildcard"} {
		t.Run(ft, func(t *testing.T) {
			fields := esfake.DynamicMessageMapping()
			search := []string{"message"}
			switch ft {
			case "keyword":
				search = []string{"message.keyword"}
			case "wildcard":
				fields["message"] = esfake.Field{Type: esfake.Wildcard}
			}
			f, url := newFake(t, esfake.Options{Model: esfake.Model{Fields: fields}})
			lines := map[string]string{
				"hit1":  `{"level":"info","key":"AKIAZ7QEXH4NQ2JW5RTM"}`,
				"hit2":  `GET /cb?token%3Dxoxb-2-3-abc HTTP/1.1`,
				"hit3":  `cfg=x.AKIAZ7QEXH4NQ2JW5RTM ` + strings.Repeat("pad ", 80), // longer than ignore_above
				"miss1": `GET /health 200`,
				"miss2": `user akiko logged in`,
			}
			for id, msg := range lines {
				addDoc(t, f, "logs-a", id, t0.Add(time.Second), msg)
			}
			s := newSource(t, url, func(c *Config) { c.FieldType = ft; c.SearchFields = search })
			req := sources.Request{Window: sources.Window{Start: t0, End: t0.Add(time.Hour)},
				Filter: sources.Filter{Plan: &pushdown.Plan{Keywords: []pushdown.Literal{{Text: "AKIA"}, {Text: "xoxb-"}}}}}
			var c collector
			if err := s.Scan(context.Background(), req, c.emit); err != nil {
				t.Fatal(err)
			}
			for id := range lines {
				got := c.ids["logs-a/"+id] == 1
				if strings.HasPrefix(id, "hit") && !got {
					t.Errorf("%s not returned: the pushdown lost a keyword document", id)
				}
				if strings.HasPrefix(id, "miss") && got {
					t.Errorf("%s returned: the pushdown does not filter", id)
				}
			}
		})
	}
}

// TestPushdownBuiltOncePerFilter: the windows of one detector share a filter, so its pushdown
// query is built once; a different filter builds its own, and the cached query still filters.
func TestPushdownBuiltOncePerFilter(t *testing.T) {
	f, url := newFake(t, esfake.Options{})
	addDoc(t, f, "logs-a", "hit", t0.Add(time.Second), `key=AKIAZ7QEXH4NQ2JW5RTM`)
	addDoc(t, f, "logs-a", "slack", t0.Add(time.Second), `token xoxb-2-3-abc`)
	addDoc(t, f, "logs-a", "miss", t0.Add(time.Second), `GET /health 200`)
	s := newSource(t, url, nil)
	scan := func(kws ...pushdown.Literal) map[string]int {
		t.Helper()
		// A new slice each time, as each window's request carries its own.
		req := sources.Request{Window: sources.Window{Start: t0, End: t0.Add(time.Hour)},
			Filter: sources.Filter{Plan: &pushdown.Plan{Keywords: append([]pushdown.Literal(nil), kws...)}}}
		var c collector
		if err := s.Scan(context.Background(), req, c.emit); err != nil {
			t.Fatal(err)
		}
		return c.ids
	}
	akia := pushdown.Literal{Text: "AKIA"}
	for i := 0; i < 3; i++ {
		if ids := scan(akia); ids["logs-a/hit"] != 1 || ids["logs-a/miss"] != 0 || ids["logs-a/slack"] != 0 {
			t.Fatalf("scan %d returned %v, want only logs-a/hit", i, ids)
		}
	}
	if n := s.pdBuilds.Load(); n != 1 {
		t.Fatalf("three scans with one filter built the pushdown %d times, want 1", n)
	}
	for _, tc := range []struct {
		kws  []pushdown.Literal
		want int64
	}{
		{[]pushdown.Literal{{Text: "xoxb-"}}, 2},
		{[]pushdown.Literal{{Text: "xoxb-"}}, 2},
		{[]pushdown.Literal{{Text: "XOXB-", IgnoreCase: true}}, 3},
		{[]pushdown.Literal{{Text: "AKIA"}, {Text: "xoxb-"}}, 4},
	} {
		ids := scan(tc.kws...)
		if n := s.pdBuilds.Load(); n != tc.want {
			t.Fatalf("after filter %v: %d builds, want %d", tc.kws, n, tc.want)
		}
		if ids["logs-a/slack"] != 1 || ids["logs-a/miss"] != 0 {
			t.Fatalf("filter %v returned %v", tc.kws, ids)
		}
	}
}
