package elasticsearch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/leakwatch/leakwatch/internal/backoff"
	"github.com/leakwatch/leakwatch/internal/retryafter"
	"github.com/leakwatch/leakwatch/sources"
)

// Source scans one Elasticsearch or OpenSearch index pattern. It is safe for concurrent
// Scans.
type Source struct {
	cfg   Config
	nodes []*url.URL
	hc    *http.Client
	rr    atomic.Uint32

	infoMu sync.Mutex
	info   *clusterInfo
	noPIT  atomic.Bool // PIT refused (403): stay on the fallback
	// noExpensive: the cluster refused the pushdown's wildcard/prefix queries
	// (search.allow_expensive_queries: false): read every document from then on.
	noExpensive atomic.Bool

	warnOnce, pushOnce sync.Once

	// The pushdown of the last filter: every window of one detector's scans has the same
	// filter, and building the query is a large share of a backfill's CPU.
	pdMu     sync.Mutex
	pdKey    string
	pd       keywordFilter
	pdBuilds atomic.Int64 // pushdowns built, for tests
}

var _ sources.Source = (*Source)(nil)
var _ sources.Closer = (*Source)(nil)

// New validates cfg and builds the source. It does not contact the cluster: the flavour
// and version are read on the first Scan.
func New(cfg Config) (*Source, error) {
	cfg.fill()
	nodes, err := cfg.validate()
	if err != nil {
		if cfg.Name != "" {
			return nil, fmt.Errorf("elasticsearch source %q: %w", cfg.Name, err)
		}
		return nil, fmt.Errorf("elasticsearch source: %w", err)
	}
	hc, err := cfg.httpClient()
	if err != nil {
		return nil, fmt.Errorf("elasticsearch source %q: %w", cfg.Name, err)
	}
	// Every line of this source says which one it is, once.
	cfg.Logger = cfg.Logger.With("source", cfg.Name)
	s := &Source{cfg: cfg, nodes: nodes, hc: hc}
	return s, nil
}

// Name is the source's configured name.
func (s *Source) Name() string { return s.cfg.Name }

// Close releases idle connections. Points in time never outlive a Scan.
func (s *Source) Close() error {
	s.hc.CloseIdleConnections()
	return nil
}

// esError is a failed request, classified. Messages carry the cluster's error type and
// reason (bounded), never credentials or documents.
type esError struct {
	status int
	typ    string // top-level error type
	types  []string
	msg    string
	// retryAfter is the answer's Retry-After (0: none), honoured up to Retry.Max.
	retryAfter time.Duration
}

func (e *esError) Error() string { return e.msg }

func (e *esError) has(typ string) bool {
	for _, t := range e.types {
		if t == typ {
			return true
		}
	}
	return false
}

func (e *esError) throttled() bool {
	return e.status == http.StatusTooManyRequests || e.has("es_rejected_execution_exception") ||
		e.has("rejected_execution_exception") || e.has("circuit_breaking_exception")
}

// expensiveRefused: the cluster runs with search.allow_expensive_queries: false and the
// search used a wildcard, prefix or regexp query.
func (e *esError) expensiveRefused() bool {
	return strings.Contains(e.msg, "allow_expensive_queries")
}

func (e *esError) pitMissing() bool {
	return e.status == http.StatusNotFound && e.has("search_context_missing_exception")
}

// errCause is one node of the cluster's error tree.
type errCause struct {
	Type         string      `json:"type"`
	Reason       string      `json:"reason"`
	Index        string      `json:"index"`
	RootCause    []errCause  `json:"root_cause"`
	CausedBy     *errCause   `json:"caused_by"`
	FailedShards []shardFail `json:"failed_shards"`
}

type shardFail struct {
	Shard  int      `json:"shard"`
	Index  string   `json:"index"`
	Node   string   `json:"node"`
	Reason errCause `json:"reason"`
}

func (c *errCause) walk(f func(*errCause)) {
	if c == nil {
		return
	}
	f(c)
	for i := range c.RootCause {
		c.RootCause[i].walk(f)
	}
	c.CausedBy.walk(f)
	for i := range c.FailedShards {
		c.FailedShards[i].Reason.walk(f)
	}
}

// parseError reads `{"error":{"root_cause":[…],"type":…,"reason":…},"status":N}`, the older
// `{"error":"text","status":N}`, or a plain-text body (OpenSearch security: "Unauthorized").
func parseError(status int, body []byte) *esError {
	e := &esError{status: status}
	var env struct {
		Error json.RawMessage `json:"error"`
	}
	var cause errCause
	if json.Unmarshal(body, &env) == nil && len(env.Error) > 0 {
		var text string
		if json.Unmarshal(env.Error, &text) == nil {
			e.msg = fmt.Sprintf("HTTP %d: %s", status, clip(text, 300))
			return e
		}
		if json.Unmarshal(env.Error, &cause) == nil && cause.Type != "" {
			e.typ = cause.Type
			cause.walk(func(c *errCause) { e.types = append(e.types, c.Type) })
			msg := fmt.Sprintf("HTTP %d %s: %s", status, cause.Type, clip(cause.Reason, 300))
			if len(cause.RootCause) > 0 {
				rc := cause.RootCause[0]
				if rc.Type != cause.Type || rc.Reason != cause.Reason {
					msg += fmt.Sprintf(" (root cause %s: %s)", rc.Type, clip(rc.Reason, 300))
				}
			} else if len(cause.FailedShards) > 0 {
				rc := cause.FailedShards[0].Reason
				msg += fmt.Sprintf(" (shard failure %s: %s)", rc.Type, clip(rc.Reason, 300))
			}
			e.msg = msg
			return e
		}
	}
	text := strings.TrimSpace(string(body))
	if text == "" || !printable(text) {
		e.msg = fmt.Sprintf("HTTP %d %s", status, http.StatusText(status))
	} else {
		e.msg = fmt.Sprintf("HTTP %d: %s", status, clip(text, 200))
	}
	return e
}

func printable(s string) bool {
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0xFFFD {
			return false
		}
	}
	return true
}

func clip(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8Start(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// transient reports whether a failed attempt is retried inside the request: 429 and the
// proxy / unavailable statuses (the official clients retry 502/503/504, neither retries 429).
func transient(e *esError) bool {
	if e.throttled() {
		return true
	}
	switch e.status {
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// classify turns a final failure into a sources.Error with an actionable message.
func (s *Source) classify(what string, err error) error {
	var se *sources.Error
	if errors.As(err, &se) {
		return err
	}
	var part *partialError
	if errors.As(err, &part) {
		return &sources.Error{Kind: sources.KindProtocol, Retryable: true, Err: fmt.Errorf("%s: %w", what, err)}
	}
	var pe *protocolError
	if errors.As(err, &pe) {
		return &sources.Error{Kind: sources.KindProtocol, Retryable: true, Err: fmt.Errorf("%s: %w", what, err)}
	}
	var ee *esError
	if !errors.As(err, &ee) {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("%s: %w", what, err)
		}
		return &sources.Error{Kind: sources.KindTransport, Retryable: true,
			Err: fmt.Errorf("%s: %w (check urls and that the cluster is reachable)", what, err)}
	}
	kind, retry, hint := sources.KindConfig, false, ""
	switch {
	case ee.throttled():
		kind, retry, hint = sources.KindThrottled, true, "; the cluster is overloaded: lower page_size or scan less often"
	case ee.status >= 500:
		kind, retry = sources.KindServer, true
	case ee.has("index_not_found_exception"):
		hint = fmt.Sprintf("; check index %q (a name without * must exist)", s.cfg.Index)
	case ee.expensiveRefused():
		hint = "; the cluster forbids wildcard/prefix queries (search.allow_expensive_queries: false): " +
			"the query of pushdown: query must not use them"
	case strings.Contains(ee.msg, "Result window is too large"):
		hint = "; lower page_size below the index's index.max_result_window"
	case ee.status == http.StatusUnauthorized:
		hint = "; check the credentials: basic_auth (username, password_file), authorization (type ApiKey or Bearer) or sigv4"
	case ee.status == http.StatusForbidden:
		hint = fmt.Sprintf("; the user needs the read privilege on %q (and view_index_metadata for point in time)", s.cfg.Index)
	case ee.status == http.StatusBadRequest:
		hint = "; check timestamp_field, tiebreaker_field and the pushdown query against the index mapping"
	}
	return &sources.Error{Kind: kind, Retryable: retry, Err: fmt.Errorf("%s: %w%s", what, ee, hint)}
}

// do sends one request with retries: 429, 502/503/504 and transport errors are retried as
// cfg.Retry says, moving to the next node on each attempt. The decoded 2xx body is stored in
// out; a non-2xx answer is an *esError.
func (s *Source) do(ctx context.Context, method, path string, query url.Values, body any, out any) error {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return fmt.Errorf("encode request: %w", err)
		}
	}
	return s.retry(ctx, int(s.rr.Add(1)), retriedInRequest, func(node *url.URL) error {
		return s.once(ctx, node, method, path, query, payload, out)
	})
}

// retry calls call as cfg.Retry says while retryable says so, on the next node each attempt
// from the start-th.
func (s *Source) retry(ctx context.Context, start int, retryable func(error) bool, call func(node *url.URL) error) error {
	p := s.cfg.Retry
	p.OnRetry = func(attempt int, _ time.Duration, err error) {
		s.cfg.Logger.Debug("elasticsearch request retried", "attempt", attempt, "err", err)
	}
	return backoff.Retry(ctx, p, func(attempt int) (bool, time.Duration, error) {
		err := call(s.nodes[(start+attempt-1)%len(s.nodes)])
		if err == nil {
			return false, 0, nil
		}
		if ctx.Err() != nil {
			return false, 0, ctx.Err()
		}
		var ee *esError
		var retryAfter time.Duration
		if errors.As(err, &ee) {
			retryAfter = ee.retryAfter
		}
		return retryable(err), retryAfter, err
	})
}

// retriedInRequest: 429s (whole or every failed shard), 502/503/504 and transport errors; a
// malformed body, partial results and other statuses fail the request at once.
func retriedInRequest(err error) bool {
	var ee *esError
	if errors.As(err, &ee) {
		return transient(ee)
	}
	var pe *protocolError
	if errors.As(err, &pe) {
		return false
	}
	var part *partialError
	if errors.As(err, &part) {
		return part.throttled
	}
	return true
}

// protocolError is a malformed 2xx body: not retried.
type protocolError struct{ err error }

func (e *protocolError) Error() string { return e.err.Error() }
func (e *protocolError) Unwrap() error { return e.err }

func (s *Source) once(ctx context.Context, node *url.URL, method, path string, query url.Values, payload []byte, out any) (err error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	u := *node
	u.Path = strings.TrimRight(u.Path, "/") + path
	u.RawQuery = query.Encode()
	var rd io.Reader
	if payload != nil {
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return err
	}
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	began := time.Now()
	resp, err := s.hc.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, node.Host, sources.ScrubURLError(err))
	}
	defer resp.Body.Close()
	defer func() { s.cost(ctx, out, err == nil, time.Since(began)) }()
	lr := &io.LimitedReader{R: resp.Body, N: s.cfg.MaxResponseBytes + 1}
	data, err := io.ReadAll(lr)
	if err != nil {
		// A body cut short is a transport failure: the next attempt may get it whole.
		return fmt.Errorf("%s %s: reading response: %w", method, node.Host, sources.ScrubURLError(err))
	}
	if lr.N <= 0 {
		return &protocolError{fmt.Errorf("response larger than %d bytes: lower page_size", s.cfg.MaxResponseBytes)}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		e := parseError(resp.StatusCode, data)
		e.retryAfter, _ = retryafter.Parse(resp.Header.Get("Retry-After"), time.Now())
		return e
	}
	if out == nil {
		return nil
	}
	return decodeResponse(data, out)
}

// cost reports one answered request to OnCost: the search's took when the answer was
// decoded and has one, else the request's duration. Elasticsearch does not say how many bytes
// it read.
func (s *Source) cost(ctx context.Context, out any, decoded bool, wall time.Duration) {
	if s.cfg.OnCost == nil {
		return
	}
	c := sources.Cost{Kind: sources.QueryKindOf(ctx), Time: wall}
	if t, ok := out.(interface{ took() (time.Duration, bool) }); ok && decoded {
		if d, ok := t.took(); ok {
			c.Time = d
		}
	}
	s.cfg.OnCost(c)
}

// decodeResponse decodes a 2xx body (numbers kept exact: sort values are epoch-ms longs) and
// validates it when the type knows how.
func decodeResponse(data []byte, out any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(out); err != nil {
		return &protocolError{fmt.Errorf("malformed response (%d bytes): %v", len(data), err)}
	}
	if v, ok := out.(interface{ validate() error }); ok {
		return v.validate()
	}
	return nil
}

// clusterInfo is what GET / tells.
type clusterInfo struct {
	openSearch   bool
	major, minor int
	number       string
}

func (ci *clusterInfo) String() string {
	if ci.openSearch {
		return "OpenSearch " + ci.number
	}
	return "Elasticsearch " + ci.number
}

// pitSupported: ES 7.12+ (PIT with the implicit _shard_doc tiebreaker), OpenSearch 2.4+.
func (ci *clusterInfo) pitSupported() bool {
	if ci.openSearch {
		return ci.major > 2 || ci.major == 2 && ci.minor >= 4
	}
	return ci.major > 7 || ci.major == 7 && ci.minor >= 12
}

func (s *Source) clusterInfo(ctx context.Context) (*clusterInfo, error) {
	s.infoMu.Lock()
	defer s.infoMu.Unlock()
	if s.info != nil {
		return s.info, nil
	}
	var root struct {
		Version struct {
			Number       string `json:"number"`
			Distribution string `json:"distribution"`
		} `json:"version"`
	}
	if err := s.do(ctx, http.MethodGet, "/", nil, nil, &root); err != nil {
		return nil, s.classify("GET /", err)
	}
	ci := &clusterInfo{openSearch: root.Version.Distribution == "opensearch", number: root.Version.Number}
	parts := strings.SplitN(root.Version.Number, ".", 3)
	if len(parts) >= 2 {
		ci.major, _ = strconv.Atoi(parts[0])
		ci.minor, _ = strconv.Atoi(parts[1])
	}
	if ci.major == 0 {
		return nil, &sources.Error{Kind: sources.KindProtocol, Err: fmt.Errorf("GET /: no version.number in the answer; is this Elasticsearch or OpenSearch?")}
	}
	switch {
	case s.cfg.Flavor == FlavorOpenSearch && !ci.openSearch:
		return nil, &sources.Error{Kind: sources.KindConfig, Err: fmt.Errorf("flavor is opensearch but the cluster is %s", ci)}
	case s.cfg.Flavor == FlavorElasticsearch && ci.openSearch:
		return nil, &sources.Error{Kind: sources.KindConfig, Err: fmt.Errorf("flavor is elasticsearch but the cluster is %s", ci)}
	}
	s.info = ci
	return ci, nil
}
