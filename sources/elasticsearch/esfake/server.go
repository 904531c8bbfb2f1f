// Package esfake is an in-process Elasticsearch 8 / OpenSearch 2 fake for tests: the
// search, point-in-time and error behaviour a scanning client relies on, as documented by
// both projects, plus fault injection. It is an http.Handler; serve it with httptest.
package esfake

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Flavor selects which product the fake impersonates.
type Flavor string

const (
	Elasticsearch Flavor = "elasticsearch"
	OpenSearch    Flavor = "opensearch"
)

// Options configure a Server.
type Options struct {
	Flavor  Flavor
	Version string // default 8.15.0 (ES) or 2.15.0 (OpenSearch)
	// Shards per index (default 3).
	Shards int
	// MaxResultWindow is index.max_result_window (default 10000).
	MaxResultWindow int
	// Model: mappings and analysis. Zero value: @timestamp, dynamic message mapping.
	Model Model
	// Credentials accepted; when all are empty no authentication is required.
	APIKeys      []string          // encoded base64(id:key) values (Elasticsearch only)
	Users        map[string]string // basic auth user -> password
	BearerTokens []string
	// PITRotateEvery makes every Nth search on a point in time return a new pit_id and
	// forget the old one (0: never). Real clusters may change the id; clients must always
	// use the newest.
	PITRotateEvery int
}

// Op names an endpoint for fault injection.
type Op string

const (
	OpRoot     Op = "root"
	OpOpenPIT  Op = "open_pit"
	OpSearch   Op = "search"
	OpClosePIT Op = "close_pit"
	OpBulk     Op = "bulk"
)

// FaultKind is what an injected fault does.
type FaultKind int

const (
	// FaultStatus answers Status with Body verbatim.
	FaultStatus FaultKind = iota
	// FaultThrottle answers 429 with the flavour's rejected-execution body.
	FaultThrottle
	// FaultShardFailure runs the search but fails one shard: 200, _shards.failed 1, that
	// shard's hits missing.
	FaultShardFailure
	// FaultTimedOut runs the search and returns half the hits with timed_out true.
	FaultTimedOut
	// FaultExpirePIT drops the point in time and answers 404 search_context_missing.
	FaultExpirePIT
	// FaultDisconnect closes the connection without an answer.
	FaultDisconnect
	// FaultTruncate sends 200 and half of the real body, then closes the connection.
	FaultTruncate
)

// Fault is one injected failure, consumed by the next request to its Op.
type Fault struct {
	Kind   FaultKind
	Status int
	Body   string
}

// Request is a recorded request.
type Request struct {
	Method, Path, RawQuery, Authorization string
	Body                                  []byte
}

type pit struct {
	id       string
	docs     []*Doc
	shards   int
	expires  time.Time
	searches int
	cache    map[string][]*Doc
}

// Server is the fake cluster.
type Server struct {
	opts Options

	mu       sync.Mutex
	indices  map[string][]*Doc
	shardSeq map[string][]int
	version  int
	pits     map[string]*pit
	faults   map[Op][]Fault
	requests []Request
	cache    map[string][]*Doc
	cacheVer int
	now      func() time.Time
}

// New builds a fake cluster.
func New(o Options) *Server {
	if o.Flavor == "" {
		o.Flavor = Elasticsearch
	}
	if o.Version == "" {
		o.Version = "8.15.0"
		if o.Flavor == OpenSearch {
			o.Version = "2.15.0"
		}
	}
	if o.Shards <= 0 {
		o.Shards = 3
	}
	if o.MaxResultWindow <= 0 {
		o.MaxResultWindow = 10000
	}
	if o.Model.TimestampField == "" {
		o.Model.TimestampField = "@timestamp"
	}
	if o.Model.Fields == nil {
		o.Model.Fields = DynamicMessageMapping()
	}
	return &Server{opts: o, indices: map[string][]*Doc{}, shardSeq: map[string][]int{},
		pits: map[string]*pit{}, faults: map[Op][]Fault{}, now: time.Now}
}

// CreateIndex creates an empty index.
func (s *Server) CreateIndex(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.indices[name]; !ok {
		s.indices[name] = nil
		s.shardSeq[name] = make([]int, s.opts.Shards)
	}
}

// Add indexes a document; source must hold the timestamp field (RFC 3339 string or epoch
// milliseconds). Dates are kept at millisecond resolution, like a `date` field.
func (s *Server) Add(index, id string, source map[string]any) error {
	fields := Fields(source)
	ts := fields[s.opts.Model.TimestampField]
	if len(ts) == 0 {
		return fmt.Errorf("document %s has no %s", id, s.opts.Model.TimestampField)
	}
	ms, err := parseMillis(ts[0])
	if err != nil {
		return fmt.Errorf("document %s: %w", id, err)
	}
	s.CreateIndex(index)
	s.mu.Lock()
	defer s.mu.Unlock()
	h := fnv.New32a()
	h.Write([]byte(id))
	shard := int(h.Sum32() % uint32(s.opts.Shards))
	d := &Doc{Index: index, ID: id, Millis: ms, Source: source, shard: shard, seq: s.shardSeq[index][shard], fields: fields}
	s.shardSeq[index][shard]++
	s.indices[index] = append(s.indices[index], d)
	s.version++
	return nil
}

// Inject queues faults for the next requests to op, in order.
func (s *Server) Inject(op Op, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[op] = append(s.faults[op], faults...)
}

// PendingFaults is how many injected faults have not fired yet.
func (s *Server) PendingFaults() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, f := range s.faults {
		n += len(f)
	}
	return n
}

// OpenPITs is the number of points in time not closed (nor expired).
func (s *Server) OpenPITs() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expireLocked()
	return len(s.pits)
}

// ExpireAllPITs drops every point in time, as keep_alive running out would.
func (s *Server) ExpireAllPITs() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pits = map[string]*pit{}
}

// Requests returns the recorded requests.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

func (s *Server) takeFault(op Op) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.faults[op]
	if len(q) == 0 {
		return Fault{}, false
	}
	s.faults[op] = q[1:]
	return q[0], true
}

func (s *Server) expireLocked() {
	now := s.now()
	for id, p := range s.pits {
		if now.After(p.expires) {
			delete(s.pits, id)
		}
	}
}

// ServeHTTP routes the endpoints a scanning client uses.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery,
		Authorization: r.Header.Get("Authorization"), Body: body})
	s.mu.Unlock()
	if !s.authenticate(w, r) {
		return
	}
	p := r.URL.Path
	es := s.opts.Flavor == Elasticsearch
	switch {
	case p == "/" && (r.Method == http.MethodGet || r.Method == http.MethodHead):
		s.serve(w, r, OpRoot, func() (int, any) { return s.root(w) })
	case es && r.Method == http.MethodPost && strings.HasSuffix(p, "/_pit") && strings.Count(p, "/") == 2:
		s.serve(w, r, OpOpenPIT, func() (int, any) { return s.openPIT(strings.Split(p, "/")[1], r) })
	case !es && r.Method == http.MethodPost && strings.HasSuffix(p, "/_search/point_in_time") && strings.Count(p, "/") == 3:
		s.serve(w, r, OpOpenPIT, func() (int, any) { return s.openPIT(strings.Split(p, "/")[1], r) })
	case es && r.Method == http.MethodDelete && p == "/_pit":
		s.serve(w, r, OpClosePIT, func() (int, any) { return s.closePIT(body) })
	case !es && r.Method == http.MethodDelete && p == "/_search/point_in_time":
		s.serve(w, r, OpClosePIT, func() (int, any) { return s.closePIT(body) })
	case (r.Method == http.MethodPost || r.Method == http.MethodGet) && (p == "/_search" || strings.HasSuffix(p, "/_search") && strings.Count(p, "/") == 2):
		index := ""
		if p != "/_search" {
			index = strings.Split(p, "/")[1]
		}
		s.serve(w, r, OpSearch, func() (int, any) { return s.search(index, body) })
	case (r.Method == http.MethodPost || r.Method == http.MethodGet) && (p == "/_count" || strings.HasSuffix(p, "/_count") && strings.Count(p, "/") == 2):
		index := ""
		if p != "/_count" {
			index = strings.Split(p, "/")[1]
		}
		s.serve(w, r, OpCount, func() (int, any) { return s.count(index, body) })
	case (r.Method == http.MethodPost || r.Method == http.MethodGet) && (p == "/_field_caps" || strings.HasSuffix(p, "/_field_caps") && strings.Count(p, "/") == 2):
		index := ""
		if p != "/_field_caps" {
			index = strings.Split(p, "/")[1]
		}
		s.serve(w, r, OpFieldCaps, func() (int, any) { return s.fieldCaps(index, r.URL.Query()) })
	case (r.Method == http.MethodPost || r.Method == http.MethodPut) && isBulk(p):
		index, _ := bulkPath(p)
		s.serve(w, r, OpBulk, func() (int, any) { return s.bulk(index, body) })
	default:
		writeJSON(w, http.StatusBadRequest, map[string]any{
			"error":  fmt.Sprintf("no handler found for uri [%s] and method [%s]", r.URL.RequestURI(), r.Method),
			"status": 400,
		})
	}
}

// serve applies an injected fault or runs the handler.
func (s *Server) serve(w http.ResponseWriter, r *http.Request, op Op, h func() (int, any)) {
	f, ok := s.takeFault(op)
	if !ok {
		status, v := h()
		writeJSON(w, status, v)
		return
	}
	switch f.Kind {
	case FaultStatus:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(f.Status)
		io.WriteString(w, f.Body)
	case FaultThrottle:
		writeJSON(w, http.StatusTooManyRequests, s.throttleBody())
	case FaultDisconnect:
		hijackClose(w)
	case FaultTruncate:
		status, v := h()
		b, _ := json.Marshal(v)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		w.WriteHeader(status)
		w.Write(b[:len(b)/2])
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
		hijackClose(w)
	case FaultExpirePIT:
		s.ExpireAllPITs()
		status, v := h()
		writeJSON(w, status, v)
	case FaultShardFailure, FaultTimedOut:
		status, v := h()
		if resp, ok := v.(map[string]any); ok && status == 200 {
			degrade(resp, f.Kind, s.opts.Flavor)
		}
		writeJSON(w, status, v)
	}
}

func hijackClose(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if c, _, err := hj.Hijack(); err == nil {
			c.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

// degrade turns a good search response into a partial one.
func degrade(resp map[string]any, kind FaultKind, fl Flavor) {
	hits := resp["hits"].(map[string]any)
	list := hits["hits"].([]any)
	sh := resp["_shards"].(map[string]any)
	if kind == FaultTimedOut {
		resp["timed_out"] = true
		hits["hits"] = list[:len(list)/2]
		return
	}
	var kept []any
	for _, h := range list {
		if h.(map[string]any)["_shard"].(int) != 0 {
			kept = append(kept, h)
		}
	}
	if kept == nil {
		kept = []any{}
	}
	hits["hits"] = kept
	total := sh["total"].(int)
	sh["successful"] = total - 1
	sh["failed"] = 1
	node := "es-data-2"
	if fl == OpenSearch {
		node = "os-data-2"
	}
	sh["failures"] = []any{map[string]any{
		"shard": 0, "index": "logs-fake", "node": "Xy9aQbQ1Rk2", "reason": map[string]any{
			"type":   "node_disconnected_exception",
			"reason": "[" + node + "][10.0.0.12:9300][indices:data/read/search[phase/query]] disconnected",
		},
	}}
}

func (s *Server) throttleBody() map[string]any {
	typ, exec := "es_rejected_execution_exception", "EsThreadPoolExecutor"
	if s.opts.Flavor == OpenSearch {
		typ, exec = "rejected_execution_exception", "OpenSearchThreadPoolExecutor"
	}
	reason := "rejected execution of org.elasticsearch.common.util.concurrent.TimedRunnable@5e7ab1c8 on " + exec +
		"[name = data-1/search, queue capacity = 1000, task execution EWMA = 2.1ms, total task execution time = 1.2h]"
	cause := map[string]any{"type": typ, "reason": reason}
	return map[string]any{"error": map[string]any{
		"root_cause": []any{cause},
		"type":       "search_phase_execution_exception", "reason": "all shards failed", "phase": "query", "grouped": true,
		"failed_shards": []any{map[string]any{"shard": 0, "index": "logs-fake", "node": "Xy9aQbQ1Rk2", "reason": cause}},
	}, "status": 429}
}

func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) bool {
	o := s.opts
	if len(o.APIKeys) == 0 && len(o.Users) == 0 && len(o.BearerTokens) == 0 {
		return true
	}
	h := r.Header.Get("Authorization")
	scheme, cred, _ := strings.Cut(h, " ")
	ok := false
	switch strings.ToLower(scheme) {
	case "apikey":
		if o.Flavor == Elasticsearch {
			for _, k := range o.APIKeys {
				ok = ok || k == cred
			}
		}
	case "basic":
		if u, p, has := r.BasicAuth(); has {
			want, exists := o.Users[u]
			ok = exists && want == p
		}
	case "bearer":
		for _, t := range o.BearerTokens {
			ok = ok || t == cred
		}
	}
	if ok {
		return true
	}
	if o.Flavor == OpenSearch {
		// The security plugin answers in plain text.
		w.Header().Set("Content-Type", "text/plain; charset=UTF-8")
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, "Unauthorized")
		return false
	}
	reason := "unable to authenticate with provided credentials and anonymous access is not allowed for this request"
	if h == "" {
		reason = "missing authentication credentials for REST request [" + r.URL.RequestURI() + "]"
	}
	hdr := map[string]any{"WWW-Authenticate": []any{`Basic realm="security", charset="UTF-8"`, `Bearer realm="security"`, "ApiKey"}}
	w.Header().Set("WWW-Authenticate", `Basic realm="security", charset="UTF-8"`)
	cause := map[string]any{"type": "security_exception", "reason": reason, "header": hdr}
	writeJSON(w, http.StatusUnauthorized, map[string]any{"error": map[string]any{
		"root_cause": []any{cause}, "type": "security_exception", "reason": reason, "header": hdr,
	}, "status": 401})
	return false
}

func (s *Server) root(w http.ResponseWriter) (int, any) {
	v := map[string]any{"number": s.opts.Version, "build_type": "docker", "build_hash": "0123456789abcdef",
		"build_snapshot": false, "lucene_version": "9.11.1",
		"minimum_wire_compatibility_version": "7.17.0", "minimum_index_compatibility_version": "7.0.0"}
	tagline := "You Know, for Search"
	if s.opts.Flavor == OpenSearch {
		v["distribution"] = "opensearch"
		tagline = "The OpenSearch Project: https://opensearch.org/"
	} else {
		v["build_flavor"] = "default"
		w.Header().Set("X-Elastic-Product", "Elasticsearch")
	}
	return 200, map[string]any{"name": "node-1", "cluster_name": "fake", "cluster_uuid": "a1b2c3", "version": v, "tagline": tagline}
}

// errorBody is the cluster's error shape.
func errorBody(status int, typ, reason string, root map[string]any) map[string]any {
	if root == nil {
		root = map[string]any{"type": typ, "reason": reason}
	}
	return map[string]any{"error": map[string]any{
		"root_cause": []any{root}, "type": typ, "reason": reason,
	}, "status": status}
}

func indexNotFound(name string) (int, any) {
	reason := "no such index [" + name + "]"
	root := map[string]any{"type": "index_not_found_exception", "reason": reason, "resource.type": "index_or_alias",
		"resource.id": name, "index_uuid": "_na_", "index": name}
	b := errorBody(404, "index_not_found_exception", reason, root)
	e := b["error"].(map[string]any)
	for k, v := range root {
		e[k] = v
	}
	return 404, b
}

func badRequest(reason string) (int, any) {
	return 400, errorBody(400, "illegal_argument_exception", reason, nil)
}

func queryErrorBody(qe *QueryError) (int, any) {
	if qe.RootType == "" {
		return qe.Status, errorBody(qe.Status, qe.Type, qe.Reason, nil)
	}
	root := map[string]any{"type": qe.RootType, "reason": qe.RootReason, "index": "logs-fake"}
	b := errorBody(qe.Status, qe.Type, qe.Reason, root)
	e := b["error"].(map[string]any)
	e["phase"] = "query"
	e["grouped"] = true
	e["failed_shards"] = []any{map[string]any{"shard": 0, "index": "logs-fake", "node": "Xy9aQbQ1Rk2", "reason": root}}
	return qe.Status, b
}

// resolve expands an index expression (comma list, * wildcards) in name order.
func (s *Server) resolveLocked(expr string) ([]string, string) {
	var out []string
	seen := map[string]bool{}
	for _, part := range strings.Split(expr, ",") {
		if part == "" || part == "_all" || part == "*" {
			part = "*"
		}
		matched := false
		for name := range s.indices {
			if ok, _ := path.Match(part, name); ok {
				matched = true
				if !seen[name] {
					seen[name] = true
					out = append(out, name)
				}
			}
		}
		if !matched && !strings.ContainsAny(part, "*?") {
			return nil, part
		}
	}
	sort.Strings(out)
	return out, ""
}

func (s *Server) snapshotLocked(names []string) []*Doc {
	var docs []*Doc
	for _, n := range names {
		docs = append(docs, s.indices[n]...)
	}
	return docs
}

func newPITID() string {
	b := make([]byte, 48)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (s *Server) openPIT(index string, r *http.Request) (int, any) {
	ka := r.URL.Query().Get("keep_alive")
	d, err := parseKeepAlive(ka)
	if err != nil {
		return badRequest("failed to parse setting [keep_alive] with value [" + ka + "] as a time value")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	names, missing := s.resolveLocked(index)
	if missing != "" {
		return indexNotFound(missing)
	}
	p := &pit{id: newPITID(), docs: s.snapshotLocked(names), shards: len(names) * s.opts.Shards,
		expires: s.now().Add(d), cache: map[string][]*Doc{}}
	// _shard_doc needs a global shard ordinal: index position * shards + shard.
	s.pits[p.id] = p
	shards := map[string]any{"total": p.shards, "successful": p.shards, "skipped": 0, "failed": 0}
	if s.opts.Flavor == OpenSearch {
		return 200, map[string]any{"pit_id": p.id, "_shards": shards, "creation_time": s.now().UnixMilli()}
	}
	return 200, map[string]any{"id": p.id, "_shards": shards}
}

func parseKeepAlive(v string) (time.Duration, error) {
	if v == "" {
		return 0, fmt.Errorf("keep_alive is required")
	}
	units := []struct {
		suffix string
		d      time.Duration
	}{{"ms", time.Millisecond}, {"s", time.Second}, {"m", time.Minute}, {"h", time.Hour}, {"d", 24 * time.Hour}}
	for _, u := range units {
		if n, ok := strings.CutSuffix(v, u.suffix); ok {
			i, err := strconv.Atoi(n)
			if err != nil || i < 0 {
				return 0, fmt.Errorf("bad time value")
			}
			return time.Duration(i) * u.d, nil
		}
	}
	return 0, fmt.Errorf("bad time value")
}

func (s *Server) closePIT(body []byte) (int, any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.opts.Flavor == OpenSearch {
		var req struct {
			PitID []string `json:"pit_id"`
		}
		if err := json.Unmarshal(body, &req); err != nil || len(req.PitID) == 0 {
			return badRequest("pit_id is required")
		}
		var out []any
		for _, id := range req.PitID {
			_, ok := s.pits[id]
			if !ok {
				return 404, errorBody(404, "not_found_exception", "pit_id "+shortID(id)+" not found", nil)
			}
			delete(s.pits, id)
			out = append(out, map[string]any{"successful": true, "pit_id": id})
		}
		return 200, map[string]any{"pits": out}
	}
	var req struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(body, &req); err != nil || req.ID == "" {
		return badRequest("id is required")
	}
	if _, ok := s.pits[req.ID]; !ok {
		return 404, map[string]any{"succeeded": true, "num_freed": 0}
	}
	delete(s.pits, req.ID)
	return 200, map[string]any{"succeeded": true, "num_freed": 1}
}

func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

type sortField struct {
	field string
	desc  bool
}

func contextMissing(id string) (int, any) {
	reason := "No search context found for id [" + shortID(id) + "]"
	root := map[string]any{"type": "search_context_missing_exception", "reason": reason}
	b := errorBody(404, "search_phase_execution_exception", "all shards failed", root)
	e := b["error"].(map[string]any)
	e["phase"] = "query"
	e["grouped"] = true
	e["failed_shards"] = []any{map[string]any{"shard": -1, "index": nil, "reason": root}}
	e["caused_by"] = root
	return 404, b
}

var searchKeys = map[string]bool{"query": true, "size": true, "from": true, "sort": true, "search_after": true,
	"pit": true, "track_total_hits": true, "_source": true}

func (s *Server) search(index string, body []byte) (int, any) {
	q := &searchReq{s: s, index: index, es: s.opts.Flavor == Elasticsearch}
	if st, b := q.parseBody(body); st != 0 {
		return st, b
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	s.expireLocked()

	for _, step := range []func() (int, any){q.selectDocsLocked, q.checkResultWindow, q.parseSort, q.parseAfter, q.parseQuery} {
		if st, b := step(); st != 0 {
			return st, b
		}
	}
	q.numberShards()
	matched, st, b := q.matchLocked()
	if st != 0 {
		return st, b
	}
	return 200, q.response(matched)
}

// searchReq is one _search being answered. Its steps return a status and body to answer
// with at once, or status 0 to go on.
type searchReq struct {
	s          *Server
	index      string
	es         bool
	req        map[string]json.RawMessage
	size, from int

	p     *pit     // the point in time searched; nil for a search of indices
	names []string // the indices searched, without a point in time
	docs  []*Doc

	sorts []sortField
	after []any
	query json.RawMessage
	qm    map[string]any

	order   map[string]int // global shard ordinal of each index, for _shard_doc and partial failures
	nShards int
}

// parseBody decodes the body, refusing unknown keys, and reads size and from.
func (q *searchReq) parseBody(body []byte) (int, any) {
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	if err := json.Unmarshal(body, &q.req); err != nil {
		return 400, errorBody(400, "x_content_parse_exception", "failed to parse search body", nil)
	}
	for k := range q.req {
		if !searchKeys[k] {
			return 400, errorBody(400, "parsing_exception", "Unknown key for a START_OBJECT in ["+k+"].", nil)
		}
	}
	q.size, q.from = 10, 0
	if v, ok := q.req["size"]; ok {
		json.Unmarshal(v, &q.size)
	}
	if v, ok := q.req["from"]; ok {
		json.Unmarshal(v, &q.from)
	}
	if q.size < 0 || q.from < 0 {
		return badRequest("[from] and [size] must be non-negative")
	}
	return 0, nil
}

// selectDocsLocked takes the documents searched: the point in time's (extending its keep
// alive), or those of the indices the path names ("*" when none).
func (q *searchReq) selectDocsLocked() (int, any) {
	s := q.s
	raw, ok := q.req["pit"]
	if !ok {
		var missing string
		if q.index == "" {
			q.index = "*"
		}
		q.names, missing = s.resolveLocked(q.index)
		if missing != "" {
			return indexNotFound(missing)
		}
		q.docs = s.snapshotLocked(q.names)
		return 0, nil
	}
	if q.index != "" {
		return badRequest("[indices] cannot be used with point in time. Do not specify any index with point in time.")
	}
	var ps struct {
		ID        string `json:"id"`
		KeepAlive string `json:"keep_alive"`
	}
	if err := json.Unmarshal(raw, &ps); err != nil || ps.ID == "" {
		return 400, errorBody(400, "parsing_exception", "[pit] malformed", nil)
	}
	q.p = s.pits[ps.ID]
	if q.p == nil {
		return contextMissing(ps.ID)
	}
	if ps.KeepAlive != "" {
		d, err := parseKeepAlive(ps.KeepAlive)
		if err != nil {
			return badRequest("failed to parse [keep_alive]")
		}
		q.p.expires = s.now().Add(d)
	}
	q.docs = q.p.docs
	return 0, nil
}

func (q *searchReq) checkResultWindow() (int, any) {
	if q.from+q.size > q.s.opts.MaxResultWindow {
		reason := fmt.Sprintf("Result window is too large, from + size must be less than or equal to: [%d] but was [%d]. "+
			"See the scroll api for a more efficient way to request large data sets. This limit can be set by changing the "+
			"[index.max_result_window] index level setting.", q.s.opts.MaxResultWindow, q.from+q.size)
		return queryErrorBody(&QueryError{Status: 400, Type: "search_phase_execution_exception", Reason: "all shards failed",
			RootType: "illegal_argument_exception", RootReason: reason})
	}
	return 0, nil
}

// parseSort reads the sort spec; Elasticsearch appends _shard_doc to a PIT search's sort.
func (q *searchReq) parseSort() (int, any) {
	if raw, ok := q.req["sort"]; ok {
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			items = []json.RawMessage{raw}
		}
		for _, it := range items {
			sf, err := parseSort(it)
			if err != nil {
				return 400, errorBody(400, "parsing_exception", err.Error(), nil)
			}
			if sf.field == "_id" && q.es {
				return queryErrorBody(&QueryError{Status: 400, Type: "search_phase_execution_exception", Reason: "all shards failed",
					RootType: "illegal_argument_exception", RootReason: "Fielddata access on the _id field is disallowed, you can re-enable it by updating the dynamic cluster setting: indices.id_field_data.enabled"})
			}
			if sf.field == "_shard_doc" && (q.p == nil || !q.es) {
				return badRequest("[_shard_doc] sort field cannot be used without [point in time]")
			}
			q.sorts = append(q.sorts, sf)
		}
	}
	if q.p != nil && q.es {
		has := false
		for _, sf := range q.sorts {
			has = has || sf.field == "_shard_doc"
		}
		if !has {
			q.sorts = append(q.sorts, sortField{field: "_shard_doc"})
		}
	}
	return 0, nil
}

// parseAfter reads search_after: one value per sort field, numbers kept exact.
func (q *searchReq) parseAfter() (int, any) {
	raw, ok := q.req["search_after"]
	if !ok {
		return 0, nil
	}
	if len(q.sorts) == 0 {
		return badRequest("Sort must contain at least one field.")
	}
	if q.from != 0 {
		return badRequest("`from` parameter must be set to 0 when `search_after` is used.")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&q.after); err != nil {
		return 400, errorBody(400, "parsing_exception", "[search_after] malformed", nil)
	}
	if len(q.after) != len(q.sorts) {
		return badRequest(fmt.Sprintf("search_after has %d value(s) but sort has %d.", len(q.after), len(q.sorts)))
	}
	return 0, nil
}

// parseQuery decodes the query (match_all when none) and checks it against the model.
func (q *searchReq) parseQuery() (int, any) {
	q.query = json.RawMessage(`{"match_all":{}}`)
	if v, ok := q.req["query"]; ok {
		q.query = v
	}
	qm, err := decodeObject(q.query)
	if err != nil {
		return 400, errorBody(400, "parsing_exception", "malformed query", nil)
	}
	if err := q.s.opts.Model.check(qm); err != nil {
		return queryErrorBody(err.(*QueryError))
	}
	q.qm = qm
	return 0, nil
}

// numberShards gives each index searched its global shard ordinals and counts the shards.
func (q *searchReq) numberShards() {
	q.order = map[string]int{}
	for _, d := range q.docs {
		if _, ok := q.order[d.Index]; !ok {
			q.order[d.Index] = len(q.order)
		}
	}
	q.nShards = len(q.order) * q.s.opts.Shards
	if q.p != nil {
		q.nShards = q.p.shards
	} else if q.names != nil {
		q.nShards = len(q.names) * q.s.opts.Shards
	}
}

func (q *searchReq) shardOf(d *Doc) int { return q.order[d.Index]*q.s.opts.Shards + d.shard }

// matchLocked returns the documents matching the query in sort order, from the point in
// time's cache or the server's (valid while no document changed), filling it on a miss.
func (q *searchReq) matchLocked() ([]*Doc, int, any) {
	s := q.s
	key := string(q.query) + "|" + fmt.Sprint(q.sorts)
	var matched []*Doc
	if q.p != nil {
		matched = q.p.cache[key]
	} else if s.cacheVer == s.version {
		matched = s.cache[q.index+"|"+key]
	}
	if matched != nil {
		return matched, 0, nil
	}
	matched = []*Doc{}
	for _, d := range q.docs {
		ok, err := s.opts.Model.eval(q.qm, d)
		if err != nil {
			if qe, ok := err.(*QueryError); ok {
				st, b := queryErrorBody(qe)
				return nil, st, b
			}
			st, b := badRequest(err.Error())
			return nil, st, b
		}
		if ok {
			matched = append(matched, d)
		}
	}
	sv := func(d *Doc, i int) any { return s.sortValue(d, q.sorts[i].field, q.shardOf) }
	sort.SliceStable(matched, func(a, b int) bool {
		for i := range q.sorts {
			c := compare(sv(matched[a], i), sv(matched[b], i))
			if q.sorts[i].desc {
				c = -c
			}
			if c != 0 {
				return c < 0
			}
		}
		return false
	})
	if q.p != nil {
		q.p.cache[key] = matched
	} else {
		if s.cacheVer != s.version || s.cache == nil {
			s.cache = map[string][]*Doc{}
			s.cacheVer = s.version
		}
		s.cache[q.index+"|"+key] = matched
	}
	return matched, 0, nil
}

// pageBounds returns the page of matched asked for: after the search_after values, or from
// from; size long.
func (q *searchReq) pageBounds(matched []*Doc) (start, end int) {
	if q.after != nil {
		av := make([]any, len(q.after))
		for i, v := range q.after {
			av[i] = normalizeAfter(v)
		}
		start = sort.Search(len(matched), func(j int) bool {
			for i := range q.sorts {
				c := compare(q.s.sortValue(matched[j], q.sorts[i].field, q.shardOf), av[i])
				if q.sorts[i].desc {
					c = -c
				}
				if c != 0 {
					return c > 0
				}
			}
			return false
		})
	} else {
		start = min(q.from, len(matched))
	}
	return start, min(start+q.size, len(matched))
}

// response builds the answer: the page's hits with their sort values, the total unless not
// tracked, and a PIT search's (possibly rotated) pit_id.
func (q *searchReq) response(matched []*Doc) map[string]any {
	s := q.s
	start, end := q.pageBounds(matched)
	var srcFilter []string
	if raw, ok := q.req["_source"]; ok {
		json.Unmarshal(raw, &srcFilter)
	}
	hits := []any{}
	for _, d := range matched[start:end] {
		h := map[string]any{"_index": d.Index, "_id": d.ID, "_score": nil, "_source": filterSource(d.Source, srcFilter),
			"_shard": q.shardOf(d)}
		if len(q.sorts) > 0 {
			vals := make([]any, len(q.sorts))
			for i, sf := range q.sorts {
				vals[i] = s.sortValue(d, sf.field, q.shardOf)
			}
			h["sort"] = vals
		}
		hits = append(hits, h)
	}
	resp := map[string]any{
		"took": 1, "timed_out": false,
		"_shards": map[string]any{"total": q.nShards, "successful": q.nShards, "skipped": 0, "failed": 0},
	}
	hitsObj := map[string]any{"max_score": nil, "hits": hits}
	track := true
	if raw, ok := q.req["track_total_hits"]; ok {
		json.Unmarshal(raw, &track)
	}
	if track {
		n, rel := len(matched), "eq"
		if n > 10000 {
			n, rel = 10000, "gte"
		}
		hitsObj["total"] = map[string]any{"value": n, "relation": rel}
	}
	resp["hits"] = hitsObj
	if p := q.p; p != nil {
		p.searches++
		if s.opts.PITRotateEvery > 0 && p.searches%s.opts.PITRotateEvery == 0 {
			delete(s.pits, p.id)
			p.id = newPITID()
			s.pits[p.id] = p
		}
		resp["pit_id"] = p.id
	}
	return resp
}

func parseSort(raw json.RawMessage) (sortField, error) {
	var name string
	if json.Unmarshal(raw, &name) == nil {
		return sortField{field: name}, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || len(m) != 1 {
		return sortField{}, fmt.Errorf("malformed sort")
	}
	for f, spec := range m {
		var order string
		if json.Unmarshal(spec, &order) != nil {
			var o struct {
				Order string `json:"order"`
			}
			if err := json.Unmarshal(spec, &o); err != nil {
				return sortField{}, fmt.Errorf("malformed sort on [%s]", f)
			}
			order = o.Order
		}
		return sortField{field: f, desc: order == "desc"}, nil
	}
	return sortField{}, fmt.Errorf("malformed sort")
}

func (s *Server) sortValue(d *Doc, field string, shardOf func(*Doc) int) any {
	switch field {
	case s.opts.Model.TimestampField:
		return d.Millis
	case "_shard_doc":
		return int64(shardOf(d))<<32 | int64(d.seq)
	case "_id":
		return d.ID
	case "_doc":
		return int64(d.seq)
	}
	vals := texts(d.field(field))
	if len(vals) == 0 {
		return nil
	}
	return vals[0]
}

func normalizeAfter(v any) any {
	switch x := v.(type) {
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return n
		}
		return x.String()
	}
	return v
}

// compare orders sort values; missing values sort last.
func compare(a, b any) int {
	if a == nil || b == nil {
		switch {
		case a == nil && b == nil:
			return 0
		case a == nil:
			return 1
		}
		return -1
	}
	switch x := a.(type) {
	case int64:
		var y int64
		switch t := b.(type) {
		case int64:
			y = t
		case string:
			y, _ = strconv.ParseInt(t, 10, 64)
		}
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	case string:
		return strings.Compare(x, fmt.Sprint(b))
	}
	return 0
}

// filterSource applies _source includes (dotted paths, nested or flat, through arrays of
// objects as the cluster's source filtering does).
func filterSource(src map[string]any, includes []string) map[string]any {
	if includes == nil {
		return src
	}
	out := map[string]any{}
	for _, k := range sortKeys(src) {
		var below []string // includes of paths under k
		whole := false
		for _, inc := range includes {
			switch {
			case inc == k || strings.HasPrefix(k, inc+"."):
				whole = true
			case strings.HasPrefix(inc, k+"."):
				below = append(below, strings.TrimPrefix(inc, k+"."))
			}
		}
		switch {
		case whole:
			out[k] = src[k]
		case len(below) > 0:
			if f := filterValue(src[k], below); f != nil {
				out[k] = f
			}
		}
	}
	return out
}

// filterValue is what of v the include paths below it keep: an object filtered, an array's
// objects filtered (values in it are not under the paths); nil when nothing is left.
func filterValue(v any, includes []string) any {
	switch x := v.(type) {
	case map[string]any:
		if f := filterSource(x, includes); len(f) > 0 {
			return f
		}
	case []any:
		var kept []any
		for _, e := range x {
			if f := filterValue(e, includes); f != nil {
				kept = append(kept, f)
			}
		}
		if len(kept) > 0 {
			return kept
		}
	}
	return nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	// _shard is internal bookkeeping for partial failures, never sent.
	if m, ok := v.(map[string]any); ok {
		if hits, ok := m["hits"].(map[string]any); ok {
			if list, ok := hits["hits"].([]any); ok {
				for _, h := range list {
					delete(h.(map[string]any), "_shard")
				}
			}
		}
	}
	b, err := json.Marshal(v)
	if err != nil {
		status = 500
		b = []byte(`{"error":{"type":"fake_error","reason":"marshal"},"status":500}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b)
}
