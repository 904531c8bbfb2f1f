// Package lokifake is an in-process Loki HTTP API (an http.Handler for httptest) that
// follows what a real Loki 3.7 does on the endpoints leakwatch uses: push (JSON and
// snappy-compressed protobuf), query_range, series, labels and index/volume, with Loki's parameter
// validation, error texts (text/plain), limits, multi-tenancy and response encodings.
//
// Left out on purpose: the per-stream "entry too far behind" ingestion window (every
// timestamp not too far in the future is accepted, in any order), parsers (log queries take
// line filters, and label filters on stream labels and structured metadata), the renaming
// of metadata names Loki sanitises (a.b becomes a_b), detected_level detection (always
// "unknown") and the tail websocket.
//
// Faults can be injected to test clients: the next N query requests answer 429, 500, a
// truncated body or a dropped connection.
package lokifake

import (
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/golang/snappy"
	"github.com/grafana/loki/pkg/push"

	"github.com/leakwatch/leakwatch/sources/loki/logql"
	"github.com/leakwatch/leakwatch/sources/loki/lokifake/pipeline"
)

// Options configure a Fake. Zero values take Loki's defaults.
type Options struct {
	// AuthEnabled is Loki's auth_enabled: X-Scope-OrgID is required ("a|b" queries both
	// tenants). When false every request uses the tenant "fake", as Loki does.
	AuthEnabled bool
	// MultiTenantQueries is multi_tenant_queries_enabled: without it a query naming several
	// tenants ("a|b") is refused with 500 "multiple org IDs present", as Loki does.
	MultiTenantQueries bool
	// MaxEntriesLimitPerQuery is max_entries_limit_per_query (default 5000).
	MaxEntriesLimitPerQuery int
	// MaxQueryLength is max_query_length (default 30d1h).
	MaxQueryLength time.Duration
	// Now is the clock used for default time ranges and the "too new" check.
	Now func() time.Time
	// ChunkEntries is how many entries one chunk of a stream holds before the next is cut,
	// in push order (default 1000): what index/volume counts (see indexvolume.go).
	ChunkEntries int
}

// Entry is one log entry to push.
type Entry struct {
	Time               time.Time
	Line               string
	StructuredMetadata map[string]string
}

// Fault is a failure the fake answers a query request with.
type Fault int

const (
	Fault429       Fault = iota + 1 // 429 Too Many Requests
	Fault500                        // 500 Internal Server Error
	FaultTruncated                  // 200 with the JSON body cut in half
	FaultCloseConn                  // the connection is closed without a response
)

// Request is what the fake recorded of one request, for assertions on headers.
type Request struct {
	Method string
	Path   string
	Header http.Header
	Form   url.Values
}

// Fake is the in-process Loki. It is safe for concurrent use.
type Fake struct {
	opts Options

	mu       sync.Mutex
	tenants  map[string]map[string]*stream // tenant -> stream key -> stream
	seq      int64
	faults   []Fault
	requests []Request
	del      deletes
}

type stream struct {
	labels  map[string]string
	key     string // canonical selector text of labels
	entries []stored
	pushed  int // entries stored so far: the next entry's place in its chunk
}

type stored struct {
	ts    int64
	line  string
	meta  map[string]string
	seq   int64
	chunk int // the stream's chunk holding the entry, in push order
}

// New returns an empty fake.
func New(opts Options) *Fake {
	if opts.MaxEntriesLimitPerQuery == 0 {
		opts.MaxEntriesLimitPerQuery = 5000
	}
	if opts.MaxQueryLength == 0 {
		opts.MaxQueryLength = 30*24*time.Hour + time.Hour
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.ChunkEntries == 0 {
		opts.ChunkEntries = 1000
	}
	return &Fake{opts: opts, tenants: map[string]map[string]*stream{}}
}

// InjectFaults makes the next n query requests (query_range, series) fail with fault.
func (f *Fake) InjectFaults(fault Fault, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := 0; i < n; i++ {
		f.faults = append(f.faults, fault)
	}
}

// ClearFaults drops the faults not yet answered: the server recovers.
func (f *Fake) ClearFaults() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults = nil
}

// Requests returns the requests received so far.
func (f *Fake) Requests() []Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Request(nil), f.requests...)
}

// Push stores entries in the stream labels of tenant ("fake" when auth is disabled), as a
// push request would. Entries already stored (same timestamp and line) are ignored.
func (f *Fake) Push(tenant string, labels map[string]string, entries ...Entry) error {
	if len(labels) == 0 {
		return errors.New("error at least one label pair is required per stream")
	}
	now := f.opts.Now()
	f.mu.Lock()
	defer f.mu.Unlock()
	streams := f.tenants[tenant]
	if streams == nil {
		streams = map[string]*stream{}
		f.tenants[tenant] = streams
	}
	key := logql.SelectorFromLabels(labels)
	s := streams[key]
	if s == nil {
		cp := make(map[string]string, len(labels))
		for k, v := range labels {
			cp[k] = v
		}
		s = &stream{labels: cp, key: key}
		streams[key] = s
	}
	for _, e := range entries {
		if e.Time.After(now.Add(10 * time.Minute)) {
			return fmt.Errorf("entry for stream '%s' has timestamp too new: %s", key, e.Time.UTC().Format(time.RFC3339))
		}
	}
	for _, e := range entries {
		ts := e.Time.UnixNano()
		// Keep entries sorted by time, insertion order among equal timestamps.
		i := sort.Search(len(s.entries), func(i int) bool { return s.entries[i].ts > ts })
		dup := false
		for j := i - 1; j >= 0 && s.entries[j].ts == ts; j-- {
			if s.entries[j].line == e.Line {
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		f.seq++
		st := stored{ts: ts, line: e.Line, seq: f.seq, chunk: s.pushed / f.opts.ChunkEntries}
		s.pushed++
		if len(e.StructuredMetadata) > 0 {
			st.meta = make(map[string]string, len(e.StructuredMetadata))
			for k, v := range e.StructuredMetadata {
				st.meta[k] = v
			}
		}
		s.entries = append(s.entries, stored{})
		copy(s.entries[i+1:], s.entries[i:])
		s.entries[i] = st
	}
	return nil
}

// ServeHTTP implements the Loki HTTP API.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/loki/api/v1/push" {
		if err := r.ParseForm(); err != nil {
			httpError(w, http.StatusBadRequest, err.Error())
			return
		}
	}
	f.mu.Lock()
	f.requests = append(f.requests, Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Form: r.Form})
	f.mu.Unlock()

	tenants, err := f.tenantsOf(r)
	if err != nil {
		httpError(w, http.StatusUnauthorized, err.Error())
		return
	}
	if len(tenants) > 1 && !f.opts.MultiTenantQueries && r.URL.Path != "/loki/api/v1/push" {
		httpError(w, http.StatusInternalServerError, "multiple org IDs present")
		return
	}
	switch r.URL.Path {
	case "/loki/api/v1/push":
		f.handlePush(w, r, tenants)
	case "/loki/api/v1/query_range":
		if f.fault(w) {
			return
		}
		if IsMetricQuery(r.Form.Get("query")) {
			f.handleMetricRange(w, r, tenants)
			return
		}
		f.handleQueryRange(w, r, tenants)
	case "/loki/api/v1/query":
		if IsMetricQuery(r.Form.Get("query")) {
			if f.fault(w) {
				return
			}
			f.handleMetricInstant(w, r, tenants)
			return
		}
		httpError(w, http.StatusBadRequest, "log queries are not supported as an instant query type, please change your query to a range query type")
	case "/loki/api/v1/series":
		if f.fault(w) {
			return
		}
		f.handleSeries(w, r, tenants)
	case "/loki/api/v1/index/volume":
		f.handleIndexVolume(w, r, tenants)
	case "/loki/api/v1/labels":
		f.handleLabels(w, tenants)
	case "/loki/api/v1/delete":
		f.handleDelete(w, r, tenants)
	default:
		httpError(w, http.StatusNotFound, "404 page not found")
	}
}

func (f *Fake) tenantsOf(r *http.Request) ([]string, error) {
	if !f.opts.AuthEnabled {
		return []string{"fake"}, nil
	}
	h := r.Header.Get("X-Scope-OrgID")
	if h == "" {
		return nil, errors.New("no org id")
	}
	return strings.Split(h, "|"), nil
}

// fault answers with the next injected fault, if any.
func (f *Fake) fault(w http.ResponseWriter) bool {
	f.mu.Lock()
	if len(f.faults) == 0 {
		f.mu.Unlock()
		return false
	}
	ft := f.faults[0]
	f.faults = f.faults[1:]
	f.mu.Unlock()
	switch ft {
	case Fault429:
		httpError(w, http.StatusTooManyRequests, "too many outstanding requests")
	case Fault500:
		httpError(w, http.StatusInternalServerError, "rpc error: code = Internal desc = injected failure")
	case FaultTruncated:
		body := []byte(`{"status":"success","data":{"resultType":"streams","result":[{"stream":{"job":"app"},"values":[["1","a line"],["2","another`)
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body)
	case FaultCloseConn:
		hj, ok := w.(http.Hijacker)
		if !ok {
			panic(http.ErrAbortHandler)
		}
		conn, _, err := hj.Hijack()
		if err == nil {
			_ = conn.Close()
		}
	}
	return true
}

func httpError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	_, _ = io.WriteString(w, msg+"\n")
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	_ = json.NewEncoder(w).Encode(v)
}

// ---- push ----

type jsonPush struct {
	Streams []struct {
		Stream map[string]string   `json:"stream"`
		Values [][]json.RawMessage `json:"values"`
	} `json:"streams"`
}

func (f *Fake) handlePush(w http.ResponseWriter, r *http.Request, tenants []string) {
	if r.Method != http.MethodPost {
		httpError(w, http.StatusMethodNotAllowed, "method not allowed")
		return
	}
	if len(tenants) != 1 {
		httpError(w, http.StatusUnauthorized, "multiple org IDs present")
		return
	}
	raw, err := readPushBody(r)
	if err != nil {
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	var streams []pushStream
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		streams, err = decodeJSONPush(raw)
	} else {
		streams, err = decodeProtoPush(raw)
	}
	if err != nil {
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	for _, s := range streams {
		if err := f.Push(tenants[0], s.labels, s.entries...); err != nil {
			httpError(w, http.StatusBadRequest, err.Error())
			return
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

// pushStream is one stream of a push request.
type pushStream struct {
	labels  map[string]string
	entries []Entry
}

// readPushBody reads the request body, gunzipping it when it says so.
func readPushBody(r *http.Request) ([]byte, error) {
	var body io.Reader = r.Body
	if r.Header.Get("Content-Encoding") == "gzip" {
		gz, err := gzip.NewReader(r.Body)
		if err != nil {
			return nil, err
		}
		body = gz
	}
	return io.ReadAll(body)
}

// decodeJSONPush reads a JSON push: values as ["<ns>", "<line>", {structured metadata}].
// Its errors are Loki's answer text.
func decodeJSONPush(raw []byte) ([]pushStream, error) {
	var req jsonPush
	if err := json.Unmarshal(raw, &req); err != nil {
		return nil, errors.New("loghttp.PushRequest: " + err.Error())
	}
	var streams []pushStream
	for _, s := range req.Streams {
		ps := pushStream{labels: s.Stream}
		for _, v := range s.Values {
			var tsStr, line string
			if len(v) < 2 || json.Unmarshal(v[0], &tsStr) != nil || json.Unmarshal(v[1], &line) != nil {
				return nil, errors.New("loghttp.PushRequest.Streams: values: a value is [\"<nanoseconds as a string>\", \"<line>\", {optional structured metadata}]")
			}
			ns, err := strconv.ParseInt(tsStr, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("could not parse timestamp %q: %v", tsStr, err)
			}
			e := Entry{Time: time.Unix(0, ns), Line: line}
			if len(v) > 2 {
				if err := json.Unmarshal(v[2], &e.StructuredMetadata); err != nil {
					return nil, errors.New("structured metadata: " + err.Error())
				}
			}
			ps.entries = append(ps.entries, e)
		}
		streams = append(streams, ps)
	}
	return streams, nil
}

// decodeProtoPush reads a snappy-compressed protobuf push, whose stream labels are a
// selector of = matchers. Its errors are Loki's answer text.
func decodeProtoPush(raw []byte) ([]pushStream, error) {
	dec, err := snappy.Decode(nil, raw)
	if err != nil {
		return nil, err
	}
	var req push.PushRequest
	if err := req.Unmarshal(dec); err != nil {
		return nil, err
	}
	var streams []pushStream
	for _, s := range req.Streams {
		sel, err := logql.ParseSelector(s.Labels)
		if err != nil {
			return nil, fmt.Errorf("error parsing labels '%s': %v", s.Labels, err)
		}
		ps := pushStream{labels: map[string]string{}}
		for _, m := range sel {
			if m.Type != logql.MatchEqual {
				return nil, fmt.Errorf("error parsing labels '%s': only = is allowed", s.Labels)
			}
			ps.labels[m.Name] = m.Value
		}
		for _, e := range s.Entries {
			pe := Entry{Time: e.Timestamp, Line: e.Line}
			if len(e.StructuredMetadata) > 0 {
				pe.StructuredMetadata = map[string]string{}
				for _, l := range e.StructuredMetadata {
					pe.StructuredMetadata[l.Name] = l.Value
				}
			}
			ps.entries = append(ps.entries, pe)
		}
		streams = append(streams, ps)
	}
	return streams, nil
}

// ---- query_range ----

// ParseTime parses a Loki API timestamp: RFC3339(Nano), integer seconds (up to 10 digits),
// integer nanoseconds (more digits) or float seconds (rounded to milliseconds, as Loki does).
func ParseTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if !strings.ContainsAny(s, ".eE") {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			digits := len(strings.TrimPrefix(s, "-"))
			if digits <= 10 {
				return time.Unix(n, 0), nil
			}
			return time.Unix(0, n), nil
		}
	}
	if v, err := strconv.ParseFloat(s, 64); err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) {
		sec, frac := math.Modf(v)
		return time.Unix(int64(sec), int64(math.Round(frac*1000))*int64(time.Millisecond)), nil
	}
	return time.Time{}, fmt.Errorf("cannot parse %q to a valid timestamp", s)
}

type rangeParams struct {
	q          *pipeline.Query
	start, end int64
	limit      int
	forward    bool
}

func (f *Fake) parseRange(form url.Values) (*rangeParams, int, string) {
	p := &rangeParams{limit: 100}
	if l := form.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil {
			return nil, 400, fmt.Sprintf("strconv.ParseInt: parsing %q: invalid syntax", l)
		}
		if n <= 0 {
			return nil, 400, "limit must be a positive value"
		}
		p.limit = n
	}
	end := f.opts.Now()
	if e := form.Get("end"); e != "" {
		t, err := ParseTime(e)
		if err != nil {
			return nil, 400, err.Error()
		}
		end = t
	}
	start := end.Add(-time.Hour)
	if s := form.Get("since"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			return nil, 400, err.Error()
		}
		start = end.Add(-d)
	}
	if s := form.Get("start"); s != "" {
		t, err := ParseTime(s)
		if err != nil {
			return nil, 400, err.Error()
		}
		start = t
	}
	p.start, p.end = start.UnixNano(), end.UnixNano()
	if p.end <= p.start {
		return nil, 400, "end timestamp must not be before or equal to start time"
	}
	switch d := strings.ToLower(form.Get("direction")); d {
	case "", "backward":
	case "forward":
		p.forward = true
	default:
		return nil, 400, fmt.Sprintf("invalid direction '%s'", form.Get("direction"))
	}
	q, err := pipeline.ParseQuery(form.Get("query"))
	if err != nil {
		return nil, 400, "parse error : " + err.Error()
	}
	if err := q.Selector.Validate(); err != nil {
		return nil, 400, err.Error()
	}
	p.q = q
	if p.limit > f.opts.MaxEntriesLimitPerQuery {
		return nil, 400, fmt.Sprintf("max entries limit per query exceeded, limit > max_entries_limit_per_query (%d > %d)", p.limit, f.opts.MaxEntriesLimitPerQuery)
	}
	if length := time.Duration(p.end - p.start); length > f.opts.MaxQueryLength {
		return nil, 400, fmt.Sprintf("the query time range exceeds the limit (query length: %s, limit: %s)", length, FormatDuration(f.opts.MaxQueryLength))
	}
	return p, 0, ""
}

// FormatDuration renders a duration as Prometheus' model.Duration does ("30d1h").
func FormatDuration(d time.Duration) string {
	ms := int64(d / time.Millisecond)
	if ms == 0 {
		return "0s"
	}
	var b strings.Builder
	unit := func(name string, mult int64, exact bool) {
		if exact && ms%mult != 0 {
			return
		}
		if v := ms / mult; v > 0 {
			fmt.Fprintf(&b, "%d%s", v, name)
			ms -= v * mult
		}
	}
	unit("y", 1000*60*60*24*365, true)
	unit("w", 1000*60*60*24*7, true)
	unit("d", 1000*60*60*24, false)
	unit("h", 1000*60*60, false)
	unit("m", 1000*60, false)
	unit("s", 1000, false)
	unit("ms", 1, false)
	return b.String()
}

// serviceNameSources is Loki's default discover_service_name list.
var serviceNameSources = []string{"service_name", "service", "app", "application", "app_name", "name",
	"app_kubernetes_io_name", "container", "container_name", "k8s_container_name", "component",
	"workload", "job", "k8s_job_name"}

// indexLabels are the labels a selector sees: as pushed, plus service_name, plus
// __tenant_id__ in multi-tenant queries.
func indexLabels(s *stream, tenant string, multi bool) map[string]string {
	l := make(map[string]string, len(s.labels)+2)
	for k, v := range s.labels {
		l[k] = v
	}
	if _, ok := l["service_name"]; !ok {
		l["service_name"] = "unknown_service"
		for _, k := range serviceNameSources {
			if v := s.labels[k]; v != "" {
				l["service_name"] = v
				break
			}
		}
	}
	if multi {
		l["__tenant_id__"] = tenant
	}
	return l
}

type hit struct {
	tenant string
	s      *stream
	e      *stored
}

func (f *Fake) handleQueryRange(w http.ResponseWriter, r *http.Request, tenants []string) {
	p, code, msg := f.parseRange(r.Form)
	if code != 0 {
		httpError(w, code, msg)
		return
	}
	categorize := strings.Contains(r.Header.Get("X-Loki-Response-Encoding-Flags"), "categorize-labels")
	multi := len(tenants) > 1

	started := time.Now()
	f.mu.Lock()
	hits, linesProcessed, bytesProcessed := f.selectLocked(p, tenants, multi)
	hits = firstHits(hits, p)
	results := streamResults(hits, categorize, multi)
	f.mu.Unlock()

	data := map[string]any{
		"resultType": "streams",
		"result":     results,
		"stats": map[string]any{"summary": map[string]any{
			"totalEntriesReturned": len(hits), "totalLinesProcessed": linesProcessed,
			"totalBytesProcessed": bytesProcessed, "execTime": time.Since(started).Seconds(),
		}},
	}
	if results == nil {
		data["result"] = []any{}
	}
	if categorize {
		data["encodingFlags"] = []string{"categorize-labels"}
	}
	writeJSON(w, map[string]any{"status": "success", "data": data})
}

// selectLocked returns the entries of the range the query keeps, in the query's direction,
// at most limit per stream, and counts the lines and bytes it read.
func (f *Fake) selectLocked(p *rangeParams, tenants []string, multi bool) (hits []hit, linesRead, bytesRead int) {
	for _, t := range tenants {
		for _, s := range f.tenants[t] {
			if !pipeline.Selects(p.q.Selector, indexLabels(s, t, multi)) {
				continue
			}
			// At most limit entries per stream can be among the answer's limit entries.
			lo := sort.Search(len(s.entries), func(i int) bool { return s.entries[i].ts >= p.start })
			hi := sort.Search(len(s.entries), func(i int) bool { return s.entries[i].ts >= p.end })
			n := 0
			for k := lo; k < hi && n < p.limit; k++ {
				i := k
				if !p.forward {
					i = hi - 1 - (k - lo)
				}
				linesRead++
				bytesRead += len(s.entries[i].line)
				e := &s.entries[i]
				if p.q.KeepEntry(e.line, func(name string) string {
					if v, ok := e.meta[name]; ok {
						return v
					}
					return s.labels[name]
				}) {
					hits = append(hits, hit{t, s, &s.entries[i]})
					n++
				}
			}
		}
	}
	return hits, linesRead, bytesRead
}

// firstHits keeps the oldest (forward) or newest (backward) `limit` entries across all
// streams; ties in a deterministic order: tenant, stream, then insertion (reversed when
// backward).
func firstHits(hits []hit, p *rangeParams) []hit {
	sort.Slice(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.e.ts != b.e.ts {
			return (a.e.ts < b.e.ts) == p.forward
		}
		if a.tenant != b.tenant {
			return a.tenant < b.tenant
		}
		if a.s.key != b.s.key {
			return a.s.key < b.s.key
		}
		return (a.e.seq < b.e.seq) == p.forward // a stream's own order, as stored
	})
	if len(hits) > p.limit {
		hits = hits[:p.limit]
	}
	return hits
}

// streamResult is one stream of a streams answer.
type streamResult struct {
	Stream map[string]string `json:"stream"`
	Values [][]any           `json:"values"`
}

// streamResults groups the hits into the answer's streams: by their labels with the
// entry's structured metadata, or, with categorize-labels, by their stream labels with the
// metadata beside each value.
func streamResults(hits []hit, categorize, multi bool) []*streamResult {
	var results []*streamResult
	byKey := map[string]*streamResult{}
	for _, h := range hits {
		var labels map[string]string
		ts := strconv.FormatInt(h.e.ts, 10)
		var value []any
		if categorize {
			labels = make(map[string]string, len(h.s.labels)+1)
			for k, v := range h.s.labels {
				labels[k] = v
			}
			if multi {
				labels["__tenant_id__"] = h.tenant
			}
			meta := map[string]string{"detected_level": "unknown"}
			for k, v := range h.e.meta {
				meta[k] = v
			}
			value = []any{ts, h.e.line, map[string]any{"structuredMetadata": meta}}
		} else {
			labels = indexLabels(h.s, h.tenant, multi)
			labels["detected_level"] = "unknown"
			for k, v := range h.e.meta {
				labels[k] = v
			}
			value = []any{ts, h.e.line}
		}
		key := h.tenant + "\x00" + logql.SelectorFromLabels(labels)
		res := byKey[key]
		if res == nil {
			res = &streamResult{Stream: labels}
			byKey[key] = res
			results = append(results, res)
		}
		res.Values = append(res.Values, value)
	}
	return results
}

// ---- series, labels ----

// formRange is the start and end of a series or index request: end defaults to now, start
// to an hour before end, as Loki's do.
func (f *Fake) formRange(r *http.Request) (start, end time.Time, err error) {
	end = f.opts.Now()
	if e := r.Form.Get("end"); e != "" {
		if end, err = ParseTime(e); err != nil {
			return start, end, err
		}
	}
	start = end.Add(-time.Hour)
	if s := r.Form.Get("start"); s != "" {
		if start, err = ParseTime(s); err != nil {
			return start, end, err
		}
	}
	return start, end, nil
}

func (f *Fake) handleSeries(w http.ResponseWriter, r *http.Request, tenants []string) {
	start, end, err := f.formRange(r)
	if err != nil {
		httpError(w, 400, err.Error())
		return
	}
	var sels []logql.Selector
	for _, m := range r.Form["match[]"] {
		sel, err := logql.ParseSelector(m)
		if err != nil {
			httpError(w, 400, "parse error : "+err.Error())
			return
		}
		if err := sel.Validate(); err != nil {
			httpError(w, 400, err.Error())
			return
		}
		sels = append(sels, sel)
	}
	multi := len(tenants) > 1
	f.mu.Lock()
	out := []map[string]string{}
	for _, t := range tenants {
		for _, s := range f.tenants[t] {
			l := indexLabels(s, t, multi)
			ok := len(sels) == 0
			for _, sel := range sels {
				ok = ok || pipeline.Selects(sel, l)
			}
			if !ok {
				continue
			}
			i := sort.Search(len(s.entries), func(i int) bool { return s.entries[i].ts >= start.UnixNano() })
			if i < len(s.entries) && s.entries[i].ts < end.UnixNano() {
				out = append(out, l)
			}
		}
	}
	f.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return logql.SelectorFromLabels(out[i]) < logql.SelectorFromLabels(out[j]) })
	writeJSON(w, map[string]any{"status": "success", "data": out})
}

func (f *Fake) handleLabels(w http.ResponseWriter, tenants []string) {
	f.mu.Lock()
	set := map[string]bool{}
	for _, t := range tenants {
		for _, s := range f.tenants[t] {
			for k := range indexLabels(s, t, len(tenants) > 1) {
				set[k] = true
			}
		}
	}
	f.mu.Unlock()
	names := make([]string, 0, len(set))
	for k := range set {
		names = append(names, k)
	}
	sort.Strings(names)
	resp := map[string]any{"status": "success"}
	if len(names) > 0 {
		resp["data"] = names
	}
	writeJSON(w, resp)
}

// EncodeProtoPush renders streams as the snappy-compressed protobuf body of a push request
// (Content-Type application/x-protobuf), the format Loki clients use.
func EncodeProtoPush(streams []push.Stream) ([]byte, error) {
	req := push.PushRequest{Streams: streams}
	raw, err := req.Marshal()
	if err != nil {
		return nil, err
	}
	return snappy.Encode(nil, raw), nil
}
