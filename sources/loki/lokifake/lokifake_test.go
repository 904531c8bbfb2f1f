package lokifake

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grafana/loki/pkg/push"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func ns(t time.Time) string { return strconv.FormatInt(t.UnixNano(), 10) }

type qResp struct {
	Status string `json:"status"`
	Data   struct {
		ResultType    string   `json:"resultType"`
		EncodingFlags []string `json:"encodingFlags"`
		Result        []struct {
			Stream map[string]string `json:"stream"`
			Values [][]any           `json:"values"`
		} `json:"result"`
	} `json:"data"`
}

func (r qResp) lines() []string {
	var out []string
	for _, s := range r.Data.Result {
		for _, v := range s.Values {
			out = append(out, v[1].(string))
		}
	}
	return out
}

func newServer(t *testing.T, opts Options) (*Fake, *httptest.Server) {
	t.Helper()
	if opts.Now == nil {
		opts.Now = func() time.Time { return t0.Add(time.Hour) }
	}
	f := New(opts)
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

func get(t *testing.T, srv *httptest.Server, path string, params url.Values, hdr map[string]string) (int, string, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+path+"?"+params.Encode(), nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}

func query(t *testing.T, srv *httptest.Server, params url.Values, hdr map[string]string) qResp {
	t.Helper()
	code, _, body := get(t, srv, "/loki/api/v1/query_range", params, hdr)
	if code != 200 {
		t.Fatalf("query %v: %d %s", params, code, body)
	}
	var r qResp
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatal(err)
	}
	if r.Status != "success" || r.Data.ResultType != "streams" {
		t.Fatalf("unexpected response %s", body)
	}
	return r
}

func TestQueryRangeErrors(t *testing.T) {
	f, srv := newServer(t, Options{})
	_ = f.Push("fake", map[string]string{"job": "app"}, Entry{Time: t0, Line: "x"})
	ok := url.Values{"query": {`{job="app"}`}, "start": {ns(t0)}, "end": {ns(t0.Add(time.Minute))}}
	with := func(k, v string) url.Values {
		p := url.Values{}
		for a, b := range ok {
			p[a] = b
		}
		p.Set(k, v)
		return p
	}
	tests := []struct {
		name   string
		params url.Values
		code   int
		body   string
	}{
		{"limit above max", with("limit", "5001"), 400, "max entries limit per query exceeded, limit > max_entries_limit_per_query (5001 > 5000)"},
		{"limit zero", with("limit", "0"), 400, "limit must be a positive value"},
		{"end equals start", with("end", ns(t0)), 400, "end timestamp must not be before or equal to start time"},
		{"end before start", with("end", ns(t0.Add(-time.Second))), 400, "end timestamp must not be before or equal to start time"},
		{"bad direction", with("direction", "bogus"), 400, "invalid direction 'bogus'"},
		{"too long", with("start", ns(t0.Add(-722*time.Hour+time.Minute))), 400, "the query time range exceeds the limit (query length: 722h0m0s, limit: 30d1h)"},
		{"empty selector", with("query", `{}`), 400, `parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will`},
		{"dot star", with("query", `{job=~".*"}`), 400, "queries require at least one regexp"},
		{"not equal x", with("query", `{job!="x"}`), 400, "queries require at least one regexp"},
		{"not regexp x", with("query", `{job!~"x"}`), 400, "queries require at least one regexp"},
		{"dot plus", with("query", `{job=~".+"}`), 200, ""},
		{"not empty", with("query", `{job!=""}`), 200, ""},
		{"service_name", with("query", `{service_name=~".+"}`), 200, ""},
		{"FORWARD any case", with("direction", "FORWARD"), 200, ""},
		{"max limit", with("limit", "5000"), 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, ctype, body := get(t, srv, "/loki/api/v1/query_range", tt.params, nil)
			if code != tt.code {
				t.Fatalf("status %d, want %d: %s", code, tt.code, body)
			}
			if tt.code != 200 {
				if !strings.HasPrefix(ctype, "text/plain") {
					t.Errorf("error content type %q, want text/plain", ctype)
				}
				if !strings.Contains(body, tt.body) {
					t.Errorf("body %q, want it to contain %q", body, tt.body)
				}
			}
		})
	}
	code, _, body := get(t, srv, "/loki/api/v1/query", url.Values{"query": {`{job="app"}`}}, nil)
	if code != 400 || !strings.Contains(body, "log queries are not supported as an instant query type") {
		t.Errorf("instant log query: %d %s", code, body)
	}
}

func TestQueryRangeSemantics(t *testing.T) {
	f, srv := newServer(t, Options{})
	// 150 entries in each of 2 streams, one per second, interleaved in time.
	for i := 0; i < 150; i++ {
		_ = f.Push("fake", map[string]string{"job": "a"}, Entry{Time: t0.Add(time.Duration(2*i) * time.Second), Line: "a " + strconv.Itoa(i)})
		_ = f.Push("fake", map[string]string{"job": "b"}, Entry{Time: t0.Add(time.Duration(2*i+1) * time.Second), Line: "b " + strconv.Itoa(i)})
	}
	base := url.Values{"query": {`{job=~"a|b"}`}, "start": {ns(t0)}, "end": {ns(t0.Add(time.Hour))}}

	r := query(t, srv, base, nil)
	if got := len(r.lines()); got != 100 {
		t.Errorf("default limit: %d entries, want 100", got)
	}
	p := url.Values{"direction": {"forward"}, "limit": {"3"}}
	for k, v := range base {
		p[k] = v
	}
	if got := strings.Join(query(t, srv, p, nil).lines(), ","); got != "a 0,b 0,a 1" && got != "a 0,a 1,b 0" {
		t.Errorf("forward limit 3 across streams: %q, want the 3 oldest", got)
	}
	p.Set("direction", "backward")
	if got := query(t, srv, p, nil).lines(); len(got) != 3 || !containsAll(got, "b 149", "a 149", "b 148") {
		t.Errorf("backward limit 3: %q, want the 3 newest", got)
	}

	// start inclusive, end exclusive, in every timestamp format.
	window := func(start, end string) []string {
		return query(t, srv, url.Values{"query": {`{job="a"}`}, "start": {start}, "end": {end}, "direction": {"forward"}}, nil).lines()
	}
	for _, tc := range []struct{ name, start, end string }{
		{"nanoseconds", ns(t0.Add(2 * time.Second)), ns(t0.Add(6 * time.Second))},
		{"seconds", strconv.FormatInt(t0.Unix()+2, 10), strconv.FormatInt(t0.Unix()+6, 10)},
		{"rfc3339", t0.Add(2 * time.Second).Format(time.RFC3339Nano), t0.Add(6 * time.Second).Format(time.RFC3339)},
		{"float seconds", strconv.FormatInt(t0.Unix()+2, 10) + ".0001", strconv.FormatInt(t0.Unix()+6, 10) + ".0"},
	} {
		if got := strings.Join(window(tc.start, tc.end), ","); got != "a 1,a 2" {
			t.Errorf("%s: got %q, want a 1,a 2 (start inclusive, end exclusive)", tc.name, got)
		}
	}

	// Line filters.
	for _, tc := range []struct {
		filter string
		want   int
	}{
		{`|= "a 1"`, 61},                // a 1, a 10..a 19, a 100..a 149
		{`|= "a 1" or "a 2"`, 72},       // or: also a 2, a 20..a 29
		{`!= "a 1"`, 89},                // not contains
		{`!= "a 1" or "a 2"`, 78},       // De Morgan: neither
		{`|~ "a 1[0-4]$"`, 5},           // regexp, unanchored
		{`!~ "^a"`, 0},                  // negated regexp
		{"|= `a 1` |~ `5`", 6},          // chained = AND: a 15, a 105, …, a 145
		{`|~ "(?i)A 14" or "a 13"`, 22}, // regexp or: a 14, a 140..149, a 13, a 130..139
	} {
		p := url.Values{"query": {`{job="a"} ` + tc.filter}, "start": {ns(t0)}, "end": {ns(t0.Add(time.Hour))}, "limit": {"1000"}}
		if got := len(query(t, srv, p, nil).lines()); got != tc.want {
			t.Errorf("%s: %d lines, want %d", tc.filter, got, tc.want)
		}
	}
}

func containsAll(have []string, want ...string) bool {
	set := map[string]bool{}
	for _, h := range have {
		set[h] = true
	}
	for _, w := range want {
		if !set[w] {
			return false
		}
	}
	return true
}

func TestCategorizeLabels(t *testing.T) {
	f, srv := newServer(t, Options{})
	_ = f.Push("fake", map[string]string{"job": "app"},
		Entry{Time: t0, Line: "one", StructuredMetadata: map[string]string{"trace_id": "abc123"}},
		Entry{Time: t0.Add(time.Second), Line: "two"})
	p := url.Values{"query": {`{job="app"}`}, "start": {ns(t0)}, "end": {ns(t0.Add(time.Minute))}}

	plain := query(t, srv, p, nil)
	if len(plain.Data.Result) != 2 {
		t.Fatalf("without the flag structured metadata splits the stream: %d results, want 2", len(plain.Data.Result))
	}
	for _, s := range plain.Data.Result {
		if s.Stream["service_name"] != "app" || s.Stream["detected_level"] != "unknown" {
			t.Errorf("stream %v lacks service_name/detected_level", s.Stream)
		}
		if len(s.Values[0]) != 2 {
			t.Errorf("plain value %v has %d elements, want 2", s.Values[0], len(s.Values[0]))
		}
	}

	cat := query(t, srv, p, map[string]string{"X-Loki-Response-Encoding-Flags": "categorize-labels"})
	if len(cat.Data.Result) != 1 || len(cat.Data.Result[0].Stream) != 1 || cat.Data.Result[0].Stream["job"] != "app" {
		t.Fatalf("categorized: %+v, want one stream with the pushed labels", cat.Data.Result)
	}
	if len(cat.Data.EncodingFlags) != 1 || cat.Data.EncodingFlags[0] != "categorize-labels" {
		t.Errorf("encodingFlags %v", cat.Data.EncodingFlags)
	}
	var sawTrace bool
	for _, v := range cat.Data.Result[0].Values {
		meta := v[2].(map[string]any)["structuredMetadata"].(map[string]any)
		if meta["detected_level"] != "unknown" {
			t.Errorf("metadata %v lacks detected_level", meta)
		}
		sawTrace = sawTrace || meta["trace_id"] == "abc123"
	}
	if !sawTrace {
		t.Error("trace_id structured metadata missing")
	}
}

func TestTenants(t *testing.T) {
	f, srv := newServer(t, Options{AuthEnabled: true, MultiTenantQueries: true})
	_ = f.Push("a", map[string]string{"job": "x"}, Entry{Time: t0, Line: "from a"})
	_ = f.Push("b", map[string]string{"job": "x"}, Entry{Time: t0, Line: "from b"})
	p := url.Values{"query": {`{job="x"}`}, "start": {ns(t0)}, "end": {ns(t0.Add(time.Minute))}}

	code, _, body := get(t, srv, "/loki/api/v1/query_range", p, nil)
	if code != 401 || strings.TrimSpace(body) != "no org id" {
		t.Errorf("no tenant: %d %q, want 401 no org id", code, body)
	}
	if got := query(t, srv, p, map[string]string{"X-Scope-OrgID": "a"}).lines(); len(got) != 1 || got[0] != "from a" {
		t.Errorf("tenant a: %q", got)
	}
	both := query(t, srv, p, map[string]string{"X-Scope-OrgID": "a|b"})
	if len(both.Data.Result) != 2 {
		t.Fatalf("a|b: %d streams, want 2", len(both.Data.Result))
	}
	for _, s := range both.Data.Result {
		if s.Stream["__tenant_id__"] != strings.TrimPrefix(s.Values[0][1].(string), "from ") {
			t.Errorf("stream %v: __tenant_id__ does not match its line", s.Stream)
		}
	}
	p.Set("query", `{job="x", __tenant_id__="b"}`)
	if got := query(t, srv, p, map[string]string{"X-Scope-OrgID": "a|b"}).lines(); len(got) != 1 || got[0] != "from b" {
		t.Errorf("selector on __tenant_id__: %q", got)
	}
}

func TestPush(t *testing.T) {
	_, srv := newServer(t, Options{})
	post := func(ctype, enc string, body []byte) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/loki/api/v1/push", bytes.NewReader(body))
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		if enc != "" {
			req.Header.Set("Content-Encoding", enc)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	js := `{"streams":[{"stream":{"job":"app"},"values":[["` + ns(t0) + `","json line"],["` + ns(t0.Add(time.Second)) + `","with meta",{"trace_id":"abc"}]]}]}`
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write([]byte(strings.ReplaceAll(js, "line", "gzip line")))
	_ = zw.Close()
	proto, err := EncodeProtoPush([]push.Stream{{Labels: `{job="app", env="prod"}`, Entries: []push.Entry{
		{Timestamp: t0.Add(2 * time.Second), Line: "proto line", StructuredMetadata: push.LabelsAdapter{{Name: "trace_id", Value: "def"}}},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, ctype, enc string
		body             []byte
		code             int
		msg              string
	}{
		{"json", "application/json", "", []byte(js), 204, ""},
		{"json gzip", "application/json", "gzip", gz.Bytes(), 204, ""},
		{"protobuf snappy", "application/x-protobuf", "", proto, 204, ""},
		{"unquoted timestamp", "application/json", "", []byte(`{"streams":[{"stream":{"job":"app"},"values":[[` + ns(t0) + `,"x"]]}]}`), 400, ""},
		{"json without content type", "", "", []byte(js), 400, "snappy: corrupt input"},
		{"too new", "application/json", "", []byte(`{"streams":[{"stream":{"job":"app"},"values":[["` + ns(t0.Add(2*time.Hour)) + `","x"]]}]}`), 400, "timestamp too new"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := post(tt.ctype, tt.enc, tt.body)
			if code != tt.code || !strings.Contains(body, tt.msg) {
				t.Errorf("%d %q, want %d containing %q", code, body, tt.code, tt.msg)
			}
		})
	}
	got := query(t, srv, url.Values{"query": {`{job="app"}`}, "start": {ns(t0)}, "end": {ns(t0.Add(time.Minute))}}, nil).lines()
	// "with meta" came twice (json and gzip) with the same timestamp: stored once.
	if !containsAll(got, "json line", "with meta", "json gzip line", "proto line") || len(got) != 4 {
		t.Errorf("pushed lines read back: %q", got)
	}
}

func TestSeriesAndLabels(t *testing.T) {
	f, srv := newServer(t, Options{})
	_ = f.Push("fake", map[string]string{"job": "a", "env": "prod"}, Entry{Time: t0, Line: "x"})
	_ = f.Push("fake", map[string]string{"job": "b"}, Entry{Time: t0.Add(time.Hour), Line: "y"})
	code, _, body := get(t, srv, "/loki/api/v1/series", url.Values{"match[]": {`{job=~".+"}`}, "start": {ns(t0)}, "end": {ns(t0.Add(time.Minute))}}, nil)
	var sr struct {
		Status string              `json:"status"`
		Data   []map[string]string `json:"data"`
	}
	if err := json.Unmarshal([]byte(body), &sr); code != 200 || err != nil {
		t.Fatalf("series: %d %s", code, body)
	}
	if len(sr.Data) != 1 || sr.Data[0]["job"] != "a" || sr.Data[0]["env"] != "prod" {
		t.Errorf("series in range: %v, want only job=a", sr.Data)
	}
	code, _, body = get(t, srv, "/loki/api/v1/labels", nil, nil)
	if code != 200 || !strings.Contains(body, `"env"`) || !strings.Contains(body, `"job"`) {
		t.Errorf("labels: %d %s", code, body)
	}
}

func TestFaults(t *testing.T) {
	f, srv := newServer(t, Options{})
	p := url.Values{"query": {`{job="a"}`}, "start": {ns(t0)}, "end": {ns(t0.Add(time.Minute))}}
	f.InjectFaults(Fault429, 1)
	f.InjectFaults(Fault500, 1)
	f.InjectFaults(FaultTruncated, 1)
	f.InjectFaults(FaultCloseConn, 1)
	for _, want := range []int{429, 500} {
		if code, _, _ := get(t, srv, "/loki/api/v1/query_range", p, nil); code != want {
			t.Errorf("status %d, want %d", code, want)
		}
	}
	code, _, body := get(t, srv, "/loki/api/v1/query_range", p, nil)
	var r qResp
	if code != 200 || json.Unmarshal([]byte(body), &r) == nil {
		t.Errorf("truncated fault: %d, body parses: %q", code, body)
	}
	// A fresh connection: Go's client silently retries a GET on a reused one.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Get(srv.URL + "/loki/api/v1/query_range?" + p.Encode())
	if err == nil {
		resp.Body.Close()
		t.Error("closed connection fault: request succeeded")
	}
	if code, _, _ := get(t, srv, "/loki/api/v1/query_range", p, nil); code != 200 {
		t.Errorf("after the faults: %d, want 200", code)
	}
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		721 * time.Hour: "30d1h", 722 * time.Hour: "30d2h", 7 * 24 * time.Hour: "1w", time.Hour + 30*time.Second: "1h30s", 0: "0s",
	} {
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestMultipleOrgIDsRefused(t *testing.T) {
	_, srv := newServer(t, Options{AuthEnabled: true})
	p := url.Values{"query": {`{job="x"}`}, "start": {ns(t0)}, "end": {ns(t0.Add(time.Minute))}}
	for _, h := range []string{"a|b", "a|b|c"} {
		code, _, body := get(t, srv, "/loki/api/v1/query_range", p, map[string]string{"X-Scope-OrgID": h})
		if code != 500 || strings.TrimSpace(body) != "multiple org IDs present" {
			t.Errorf("%s: %d %q, want 500 multiple org IDs present", h, code, body)
		}
	}
}
