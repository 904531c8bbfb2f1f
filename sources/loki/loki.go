// Package loki scans Grafana Loki through its HTTP API (query_range), pushing the rules'
// keywords down as a LogQL line filter and paging forward exactly: every entry of a window
// is emitted once, none is skipped, even when thousands share one timestamp.
package loki

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/leakwatch/leakwatch/internal/backoff"
	"github.com/leakwatch/leakwatch/internal/httpclient"
	"github.com/leakwatch/leakwatch/internal/retryafter"
	"github.com/leakwatch/leakwatch/pushdown"
	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/loki/logql"
	promcfg "github.com/prometheus/common/config"
	"github.com/prometheus/common/model"
)

// DefaultSelector selects every stream: Loki gives every stream a service_name label.
const DefaultSelector = `{service_name=~".+"}`

// DefaultMaxResponseBytes is the default cap of one response body. Reading a page that
// large costs about 2.5 times as much memory (BenchmarkResponsePeakRSS); the Kubernetes
// memory limit is sized from it.
const DefaultMaxResponseBytes = 256 << 20

// DefaultRetry is a request's retry policy: 5 tries, waits from 500ms doubling to 30s with
// full jitter, a Retry-After honoured up to 30s; at worst 2m of waiting in all.
var DefaultRetry = backoff.Policy{Attempts: 5, Base: 500 * time.Millisecond, Max: 30 * time.Second, MaxWait: 2 * time.Minute, Jitter: 1}

// Config of a Loki source. The config layer reads *_file settings and passes the values.
type Config struct {
	Name string
	// URL of Loki (or of a gateway in front of it), with any path prefix: http://loki:3100.
	URL string
	// Tenant is sent as X-Scope-OrgID; "a|b" queries several tenants (lines then carry a
	// __tenant_id__ label). Empty: no header (Loki with auth_enabled: false).
	Tenant string
	// Selectors are LogQL stream selectors, each queried separately (default DefaultSelector).
	// A stream matched by two selectors is read twice; line IDs make that harmless.
	Selectors []string
	// Limit is entries per request (default 5000); it must not exceed the server's
	// max_entries_limit_per_query.
	Limit int
	// Chunk is the longest time range of one query (default 1h, Loki's own split interval).
	Chunk time.Duration
	// MinChunk is the shortest range a cut or timed-out query is split down to (default 1m).
	MinChunk time.Duration
	// OnSplit is called each time a cut query's range is split in halves (a metric).
	OnSplit func()
	// OnCost is called after each request Loki answered, with what Loki reports it cost
	// (stats.summary) and the kind the request's context was marked with (a metric).
	OnCost func(sources.Cost)
	// MaxQueryLength is the server's max_query_length (default 30d1h); chunks never exceed it.
	MaxQueryLength time.Duration

	// HTTP is how Loki is reached: authentication, TLS, proxy, headers (prometheus/common's
	// settings; their *_file forms are read on every request, so a rotated file takes effect
	// at once).
	HTTP promcfg.HTTPClientConfig
	// Timeout bounds one HTTP request including reading its body (default sources.DefaultTimeout).
	Timeout time.Duration

	// GrafanaURL and DatasourceUID, when set, make Line.Link open the line's stream in
	// Grafana Explore around the line's time. GrafanaOrgID defaults to 1.
	GrafanaURL    string
	DatasourceUID string
	GrafanaOrgID  int

	// StructuredMetadata are metadata names whose values are searched for the pushdown's
	// literals with a second query per selector and chunk (MetadataLogQL): line filters
	// never see metadata, so without it a secret only there comes back only when its line
	// passes the line filter.
	StructuredMetadata []string

	// Retry is how a request is retried after a retryable failure (429, 5xx, transport,
	// malformed body): DefaultRetry's settings where unset. A 429's Retry-After is honoured
	// up to Retry.Max.
	Retry backoff.Policy
	// MaxResponseBytes bounds one response body (default DefaultMaxResponseBytes): a bigger
	// page fails instead of exhausting memory; lower Limit if it happens.
	MaxResponseBytes int64

	Logger *slog.Logger
	// HTTPClient replaces the client built from HTTP and Timeout (tests).
	HTTPClient *http.Client
}

// Source is a Loki source. It is safe for concurrent use.
type Source struct {
	cfg       Config
	base      string
	client    *http.Client
	log       *slog.Logger
	selectors []string
	chunk     time.Duration
	// learned is the chunk size that last worked after a cut query was split (0: chunk):
	// later windows start there instead of being cut first again.
	learned atomic.Int64
}

var _ sources.Source = (*Source)(nil)
var _ sources.Closer = (*Source)(nil)

// fill gives each setting cfg leaves zero its default: a block's keys from
// DefaultSourceConfig, the one table of them (a Config made from a block already holds them,
// validated, so this changes none), the settings no block has from their own. It is the
// guard for a Config built in code (tests, tools), not a second set of defaults.
func (c *Config) fill() {
	d := DefaultSourceConfig()
	if len(c.Selectors) == 0 {
		c.Selectors = d.Selectors
	}
	if c.Limit == 0 {
		c.Limit = d.Limit
	}
	if c.Timeout == 0 {
		c.Timeout = time.Duration(d.Timeout)
	}
	if c.Chunk == 0 {
		c.Chunk = time.Hour
	}
	if c.MinChunk == 0 {
		c.MinChunk = time.Minute
	}
	if c.MaxQueryLength == 0 {
		c.MaxQueryLength = 30*24*time.Hour + time.Hour
	}
	c.Retry = c.Retry.Or(DefaultRetry)
	if c.MaxResponseBytes == 0 {
		c.MaxResponseBytes = DefaultMaxResponseBytes
	}
	if c.GrafanaOrgID == 0 {
		c.GrafanaOrgID = 1
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

// validate checks every setting; an error starts with the key at fault. It is the one check
// of each: a block's Validate runs it on what New will get, New on what it was given.
// maxLimit bounds limit (0: no bound): a config's block keeps to Loki's default
// max_entries_limit_per_query, a Config built in code may know the server allows more.
func (c *Config) validate(maxLimit int) error {
	if err := httpclient.CheckURL(c.URL); err != nil {
		return fmt.Errorf("url: %w", err)
	}
	if len(c.Selectors) == 0 {
		return fmt.Errorf("selectors: at least one LogQL stream selector (default %s)", DefaultSelector)
	}
	for i, s := range c.Selectors {
		if err := ValidateSelector(s); err != nil {
			return fmt.Errorf("selectors[%d]: %w", i, err)
		}
	}
	if c.Limit < 1 || (maxLimit > 0 && c.Limit > maxLimit) {
		if maxLimit == 0 {
			return fmt.Errorf("limit: %d: want a positive number up to the server's max_entries_limit_per_query", c.Limit)
		}
		return fmt.Errorf("limit: %d: must be 1..%d (Loki's max_entries_limit_per_query default)", c.Limit, maxLimit)
	}
	if c.Timeout <= 0 {
		return fmt.Errorf("timeout: must be positive (default %s)", model.Duration(sources.DefaultTimeout))
	}
	if c.GrafanaURL != "" {
		if err := httpclient.CheckURL(c.GrafanaURL); err != nil {
			return fmt.Errorf("grafana_url: %w", err)
		}
		if c.DatasourceUID == "" {
			return errors.New("datasource_uid: required with grafana_url (the Loki data source's UID in Grafana, shown in its settings URL)")
		}
	}
	for i, k := range c.StructuredMetadata {
		if !labelName.MatchString(k) {
			return fmt.Errorf("structured_metadata[%d]: %q is not a label name as Loki stores it ([a-zA-Z_][a-zA-Z0-9_]*; Loki turns aws.access_key into aws_access_key)", i, k)
		}
	}
	if err := httpclient.Validate(c.HTTP); err != nil {
		return err
	}
	// The settings no block has (a block's chunk is the source's, checked by the config).
	if c.Chunk < 0 || c.MaxQueryLength < 0 || c.MinChunk < 0 {
		return errors.New("chunk and max_query_length must be positive")
	}
	if err := c.Retry.Validate(); err != nil {
		return fmt.Errorf("retry: %w", err)
	}
	return nil
}

var labelName = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)

// ValidateSelector reports what Loki would reject in a stream selector: a syntax error, or
// no matcher that fails on the empty string ({}, {job=~".*"}, {job!="x"} are rejected;
// {job=~".+"}, {job!=""}, {job="app"} are fine).
func ValidateSelector(s string) error {
	sel, err := logql.ParseSelector(s)
	if err != nil {
		return err
	}
	if err := sel.Validate(); err != nil {
		return fmt.Errorf("selector %s needs at least one matcher that cannot match the empty string, such as job=\"app\" or job=~\".+\" (%s)", s, err)
	}
	return nil
}

// New builds the source cfg describes: the values a block gives (SourceConfig.Config) as
// they are, what a Config built in code leaves zero at its default (fill).
func New(cfg Config) (*Source, error) {
	if cfg.Name == "" {
		return nil, errors.New("loki source: name is required")
	}
	cfg.fill()
	if err := cfg.validate(0); err != nil {
		return nil, fmt.Errorf("loki source %s: %w", cfg.Name, err)
	}
	s := &Source{
		cfg:       cfg,
		base:      strings.TrimRight(cfg.URL, "/"),
		log:       cfg.Logger.With("source", cfg.Name),
		selectors: cfg.Selectors,
		chunk:     min(cfg.Chunk, cfg.MaxQueryLength),
	}
	s.client = cfg.HTTPClient
	if s.client == nil {
		c, err := httpclient.New(cfg.Name, cfg.HTTP, httpclient.Options{Timeout: cfg.Timeout, UserAgent: "leakwatch"})
		if err != nil {
			return nil, fmt.Errorf("loki source %s: %w", cfg.Name, err)
		}
		s.client = c
	}
	return s, nil
}

// Name is the configured source name.
func (s *Source) Name() string { return s.cfg.Name }

// Close releases idle connections.
func (s *Source) Close() error {
	s.client.CloseIdleConnections()
	return nil
}

// LogQL renders a pushdown plan as LogQL line filters, one stage each (chained stages are
// ANDed). Every literal is a form Loki evaluates as substring search rather than as a
// regular expression: a stage of case-sensitive literals is `|= "a" or "b"`; a stage with a
// case-insensitive one is `|~ "a" or "(?i)b"`, each alternative a plain literal that Loki's
// regexp simplifier turns into a substring test (case-folded for (?i)). A large alternation
// inside one regexp is never sent: Loki 3.7 runs that as a regexp on every line. A regex
// literal of the plan (a key and its separator, see pushdown.Literal) is sent as its own
// alternative (the plan puts them first in their stage): Loki runs it, as a regexp, on the
// lines that reach its stage.
// "" means no filter.
func LogQL(p *pushdown.Plan) string {
	if p.Empty() {
		return ""
	}
	stages := make([]string, 0, len(p.Stages))
	for _, st := range p.Stages {
		fold := false
		for _, l := range st {
			fold = fold || l.IgnoreCase || l.Regex
		}
		vals := make([]string, len(st))
		for i, l := range st {
			switch {
			case l.Regex:
				vals[i] = strconv.Quote(l.Text)
			case !fold:
				vals[i] = strconv.Quote(l.Text)
			case l.IgnoreCase:
				vals[i] = strconv.Quote("(?i)" + regexp.QuoteMeta(l.Text))
			default:
				vals[i] = strconv.Quote(regexp.QuoteMeta(l.Text))
			}
		}
		op := "|= "
		if fold {
			op = "|~ "
		}
		stages = append(stages, op+strings.Join(vals, " or "))
	}
	return strings.Join(stages, " ")
}

// Scan reads req.Window chunk by chunk and, within a chunk, selector by selector, with one
// query carrying the whole pushdown (see LogQL): every extra query would be another full
// pass over the chunk in Loki. It emits one page per Loki response and returns nil only when
// every entry was read and emitted.
//
// A query that Loki cuts or that times out (a transport error with no status, a 504) is not
// retried at the same size: the range is split in halves and each read on its own, down to
// MinChunk, so a window too heavy for the server's timeout still gets scanned. The smaller
// size is then kept for the rest of the window and the windows after it.
func (s *Source) Scan(ctx context.Context, req sources.Request, emit func(context.Context, sources.Page) error) error {
	w := req.Window
	if !w.Start.Before(w.End) {
		return nil
	}
	filter := LogQL(req.Filter.Plan)
	chunk := s.chunk
	if l := time.Duration(s.learned.Load()); l > 0 && l < chunk {
		chunk = l
	}
	meta := ""
	if filter != "" {
		meta = MetadataLogQL(req.Filter.Plan, s.cfg.StructuredMetadata)
	}
	for _, sel := range s.selectors {
		r := &ranger{s: s, query: joinQuery(sel, filter), sel: sel, filter: filter, chunk: chunk, emit: emit}
		var mr *ranger
		if meta != "" {
			mr = &ranger{s: s, query: joinQuery(sel, meta), sel: sel, filter: meta, chunk: chunk, emit: emit}
		}
		for cs := w.Start; cs.Before(w.End); {
			ce := cs.Add(r.chunk)
			if ce.After(w.End) {
				ce = w.End
			}
			if filter != "" {
				// The line filter hides every line of a stream whose label holds the secret
				// and whose lines do not: the streams' labels are read apart, from the index.
				if err := s.scanStreams(ctx, sel, cs, ce, emit); err != nil {
					return fmt.Errorf("loki %s: selector %s, %s: stream labels: %w", s.cfg.Name, sel, sources.Window{Start: cs, End: ce}, err)
				}
			}
			if err := r.scan(ctx, cs.UnixNano(), ce.UnixNano(), math.MinInt64, nil); err != nil {
				return fmt.Errorf("loki %s: selector %s, %s: %w", s.cfg.Name, sel, sources.Window{Start: cs, End: ce}, err)
			}
			if mr != nil {
				if err := mr.scan(ctx, cs.UnixNano(), ce.UnixNano(), math.MinInt64, nil); err != nil {
					return fmt.Errorf("loki %s: selector %s, %s: structured metadata: %w", s.cfg.Name, sel, sources.Window{Start: cs, End: ce}, err)
				}
			}
			cs = ce
		}
	}
	return nil
}

// MetadataLogQL renders a label filter keeping entries one of whose structured metadata
// keys holds a literal of the plan (any stage, case-folded: a superset of what the rules
// need), "" when there is nothing to search. Loki evaluates it on the entries' metadata
// only, never running a regexp over the lines.
func MetadataLogQL(p *pushdown.Plan, keys []string) string {
	if p.Empty() || len(keys) == 0 {
		return ""
	}
	seen := map[string]bool{}
	var alts []string
	for _, st := range p.Stages {
		for _, l := range st {
			q := regexp.QuoteMeta(l.Text)
			if l.Regex {
				q = "(?:" + l.Text + ")"
			}
			if !seen[q] {
				seen[q] = true
				alts = append(alts, q)
			}
		}
	}
	re := "(?is).*(?:" + strings.Join(alts, "|") + ").*"
	ms := make([]string, len(keys))
	for i, k := range keys {
		ms[i] = k + "=~" + logql.Quote(re)
	}
	return "| " + strings.Join(ms, " or ")
}

func joinQuery(sel, filter string) string {
	if filter == "" {
		return sel
	}
	return sel + " " + filter
}

// ranger reads the ranges of one selector's query.
type ranger struct {
	s           *Source
	query       string
	sel, filter string
	chunk       time.Duration
	emit        func(context.Context, sources.Page) error
}

// scan pages forward through [from, to): the next page starts at the newest timestamp
// returned, and entries of that nanosecond already emitted are dropped (seen holds only
// those, so memory is bounded by a page). A full page whose entries all share one
// nanosecond cannot be paged by time: that nanosecond is then read stream by stream.
// boundary and seen carry what an earlier read of the same range already emitted.
func (r *ranger) scan(ctx context.Context, from, to, boundary int64, seen map[string]struct{}) error {
	s := r.s
	if seen == nil {
		seen = map[string]struct{}{}
	}
	for {
		entries, err := s.queryRange(ctx, r.query, from, to)
		if err != nil {
			if !isCut(err) || time.Duration(to-from) <= s.cfg.MinChunk {
				return err
			}
			return r.split(ctx, from, to, boundary, seen, err)
		}
		n := len(entries)
		if n == 0 {
			return nil
		}
		newest := entries[n-1].Time.UnixNano()
		lines := make([]sources.Line, 0, n)
		for _, e := range entries {
			if e.Time.UnixNano() == boundary {
				if _, dup := seen[e.ID]; dup {
					continue
				}
			}
			lines = append(lines, e)
		}
		if newest != boundary {
			boundary, seen = newest, map[string]struct{}{}
		}
		for _, e := range entries {
			if e.Time.UnixNano() == newest {
				seen[e.ID] = struct{}{}
			}
		}
		if len(lines) > 0 {
			if err := r.emit(ctx, sources.Page{Lines: lines}); err != nil {
				return err
			}
		}
		if n < s.cfg.Limit {
			return nil
		}
		if entries[0].Time.UnixNano() == newest {
			if err := s.scanNanosecond(ctx, r.sel, r.filter, newest, seen, r.emit); err != nil {
				return err
			}
			from, boundary, seen = newest+1, math.MinInt64, map[string]struct{}{}
			if from >= to {
				return nil
			}
			continue
		}
		from = newest
	}
}

// split reads [from, to) as two halves after the whole was cut, and keeps the smaller size
// for the ranges still to come.
func (r *ranger) split(ctx context.Context, from, to, boundary int64, seen map[string]struct{}, cause error) error {
	s := r.s
	mid := from + (to-from)/2
	half := time.Duration(mid - from)
	if half < r.chunk {
		r.chunk = max(half, s.cfg.MinChunk)
		s.learned.Store(int64(r.chunk))
	}
	s.log.Warn("loki query was cut or timed out; reading the range in halves",
		"from", time.Unix(0, from).UTC().Format(time.RFC3339Nano), "to", time.Unix(0, to).UTC().Format(time.RFC3339Nano),
		"half", half.Round(time.Second), "err", cause)
	if s.cfg.OnSplit != nil {
		s.cfg.OnSplit()
	}
	if err := r.scan(ctx, from, mid, boundary, seen); err != nil {
		return err
	}
	// The rest at the size that worked (entries at mid belong to the second half only: ends
	// are exclusive).
	for cs := mid; cs < to; {
		ce := min(cs+int64(r.chunk), to)
		if err := r.scan(ctx, cs, ce, math.MinInt64, nil); err != nil {
			return err
		}
		cs = ce
	}
	return nil
}

// isCut: the server closed the connection without an answer, or answered that the query
// timed out: the same request would most likely fail the same way.
func isCut(err error) bool {
	var se *sources.Error
	if !errors.As(err, &se) {
		return false
	}
	return se.Cut
}

// scanStreams emits one StreamOnly record per stream of sel with entries in [from, to), so
// the labels of every stream are scanned whatever the line filter lets through. A stream's
// record has the same id in every window: its labels are one sighting however often read.
func (s *Source) scanStreams(ctx context.Context, sel string, from, to time.Time, emit func(context.Context, sources.Page) error) error {
	series, err := s.series(ctx, sel, from.UnixNano(), to.UnixNano())
	if err != nil || len(series) == 0 {
		return err
	}
	h := sha256.New()
	lines := make([]sources.Line, 0, len(series))
	for _, labels := range series {
		si := s.streamInfo(labels)
		l := s.line(h, si, value{ts: from.UnixNano()})
		l.ID = "stream:" + streamID(h, si)
		l.StreamOnly = true
		lines = append(lines, l)
	}
	return emit(ctx, sources.Page{Lines: lines})
}

// scanNanosecond reads every entry at ts: one query per stream (from the series API), each
// of which must fit in one page. Entries in seen were already emitted.
func (s *Source) scanNanosecond(ctx context.Context, sel, filter string, ts int64, seen map[string]struct{}, emit func(context.Context, sources.Page) error) error {
	series, err := s.series(ctx, sel, ts, ts+1)
	if err != nil {
		return err
	}
	s.log.Info("more entries share one nanosecond than a page holds; reading it stream by stream",
		"time", time.Unix(0, ts).UTC().Format(time.RFC3339Nano), "streams", len(series), "limit", s.cfg.Limit)
	for _, labels := range series {
		stream := logql.SelectorFromLabels(labels)
		entries, err := s.queryRange(ctx, joinQuery(stream, filter), ts, ts+1)
		if err != nil {
			return err
		}
		if len(entries) >= s.cfg.Limit {
			// Named by its label names only: a label's value can hold a secret, and this
			// error is logged and stored.
			names := make([]string, 0, len(labels))
			for k := range labels {
				names = append(names, k)
			}
			slices.Sort(names)
			return &sources.Error{Kind: sources.KindConfig, Err: fmt.Errorf(
				"a stream of selector %s (labels %s) has at least %d matching entries at the single nanosecond %s: Loki cannot page through them; raise limit (and the server's max_entries_limit_per_query) above that count",
				sel, strings.Join(names, ", "), len(entries), time.Unix(0, ts).UTC().Format(time.RFC3339Nano))}
		}
		lines := make([]sources.Line, 0, len(entries))
		for _, e := range entries {
			if _, dup := seen[e.ID]; dup {
				continue
			}
			seen[e.ID] = struct{}{}
			lines = append(lines, e)
		}
		if len(lines) > 0 {
			if err := emit(ctx, sources.Page{Lines: lines}); err != nil {
				return err
			}
		}
	}
	return nil
}

// ---- HTTP ----

const queryRangePath = "/loki/api/v1/query_range"

// rangeForm is the form of a query_range over [from, to) (nanoseconds): a page of Limit
// entries, oldest first.
func (s *Source) rangeForm(query string, from, to int64) url.Values {
	return url.Values{
		"query":     {query},
		"start":     {strconv.FormatInt(from, 10)},
		"end":       {strconv.FormatInt(to, 10)},
		"limit":     {strconv.Itoa(s.cfg.Limit)},
		"direction": {"forward"},
	}
}

func (s *Source) queryRange(ctx context.Context, query string, from, to int64) ([]sources.Line, error) {
	var lines []sources.Line
	err := s.doStats(ctx, queryRangePath, s.rangeForm(query, from, to), func(body io.Reader) (summary, error) {
		var err error
		var sum summary
		lines, err = s.decodeStreams(body, &sum)
		return sum, err
	})
	return lines, err
}

func (s *Source) series(ctx context.Context, sel string, from, to int64) ([]map[string]string, error) {
	form := url.Values{
		"match[]": {sel},
		"start":   {strconv.FormatInt(from, 10)},
		"end":     {strconv.FormatInt(to, 10)},
	}
	var out []map[string]string
	err := s.do(ctx, "/loki/api/v1/series", form, func(body io.Reader) error {
		var err error
		out, err = decodeSeries(body)
		return err
	})
	return out, err
}

// do POSTs form to path (a form POST keeps long pushdown filters out of URL length limits)
// and hands a 200 body to decode, retrying retryable failures with backoff.
func (s *Source) do(ctx context.Context, path string, form url.Values, decode func(io.Reader) error) error {
	return s.doStats(ctx, path, form, func(body io.Reader) (summary, error) { return summary{}, decode(body) })
}

// summary is the part of Loki's stats.summary that says what a query cost it.
type summary struct {
	ExecTime            float64 `json:"execTime"`
	TotalBytesProcessed int64   `json:"totalBytesProcessed"`
	TotalLinesProcessed int64   `json:"totalLinesProcessed"`
}

// stats is the summary as Stats (Entries left zero).
func (sm summary) stats() Stats {
	return Stats{ExecTime: time.Duration(sm.ExecTime * float64(time.Second)), BytesProcessed: sm.TotalBytesProcessed, LinesProcessed: sm.TotalLinesProcessed}
}

// doStats is do for answers that carry stats.summary, which decode returns: the request's
// cost is reported to OnCost.
func (s *Source) doStats(ctx context.Context, path string, form url.Values, decode func(io.Reader) (summary, error)) error {
	p := s.cfg.Retry
	p.OnRetry = func(attempt int, wait time.Duration, err error) {
		var se *sources.Error
		errors.As(err, &se)
		s.log.Warn("loki request failed, retrying", "kind", se.Kind, "attempt", attempt, "of", p.Attempts, "in", wait.Round(time.Millisecond), "err", se.Err)
	}
	err := backoff.Retry(ctx, p, func(int) (bool, time.Duration, error) {
		retryAfter, err := s.attempt(ctx, path, form, decode)
		if err != nil && ctx.Err() != nil {
			return false, 0, ctx.Err()
		}
		var se *sources.Error
		if err == nil || !errors.As(err, &se) {
			return false, 0, err
		}
		// A cut query is split by the caller, not sent again at the same size.
		return se.Retryable && !(se.Cut && path == queryRangePath), retryAfter, se
	})
	var ex *backoff.Exhausted
	if se := (*sources.Error)(nil); errors.As(err, &ex) && errors.As(ex.Err, &se) {
		return &sources.Error{Kind: se.Kind, Retryable: true, Err: fmt.Errorf("%w (gave up after %d attempts)", se.Err, ex.Attempts)}
	}
	return err
}

// attempt makes one request. Errors are *sources.Error except for context cancellation.
func (s *Source) attempt(ctx context.Context, path string, form url.Values, decode func(io.Reader) (summary, error)) (retryAfter time.Duration, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		return 0, &sources.Error{Kind: sources.KindConfig, Err: fmt.Errorf("building request: %w", err)}
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	// Labels as pushed; structured metadata comes apart and is not mixed into stream labels.
	req.Header.Set("X-Loki-Response-Encoding-Flags", "categorize-labels")
	s.authorize(req, s.cfg.Tenant)

	began := time.Now()
	resp, err := s.client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		return 0, &sources.Error{Kind: sources.KindTransport, Retryable: true, Cut: cutTransport(err),
			Err: fmt.Errorf("request to %s: %w", s.base+path, sources.ScrubURLError(err))}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		s.cost(ctx, summary{}, time.Since(began))
		msg := errorBody(resp.Body)
		status := resp.Status
		switch c := resp.StatusCode; {
		case c == http.StatusTooManyRequests:
			return retryAfterHeader(resp.Header.Get("Retry-After")), &sources.Error{Kind: sources.KindThrottled, Retryable: true,
				Err: fmt.Errorf("loki answered %s: %s (throttled: lower the scan rate or raise the tenant's query limits)", status, msg)}
		case c == http.StatusInternalServerError && strings.Contains(msg, "multiple org IDs present"):
			// Loki refuses a query naming several tenants unless multi-tenant queries are on:
			// retrying cannot help.
			return 0, &sources.Error{Kind: sources.KindConfig, Err: fmt.Errorf(
				"loki answered %s: %s: tenant %q names several tenants, which this Loki does not query together: "+
					"enable multi_tenant_queries_enabled in Loki's limits, or configure one source per tenant", status, msg, s.cfg.Tenant)}
		case c == http.StatusGatewayTimeout || c == http.StatusRequestTimeout:
			return 0, &sources.Error{Kind: sources.KindServer, Retryable: true, Cut: true, Err: fmt.Errorf("loki answered %s: %s", status, msg)}
		case c >= 500:
			return 0, &sources.Error{Kind: sources.KindServer, Retryable: true, Err: fmt.Errorf("loki answered %s: %s", status, msg)}
		case c == http.StatusUnauthorized || c == http.StatusForbidden:
			return 0, &sources.Error{Kind: sources.KindConfig, Err: fmt.Errorf(
				"loki answered %s: %s: check the tenant (X-Scope-OrgID %q) and the credentials of the source", status, msg, s.cfg.Tenant)}
		case c == http.StatusNotFound:
			return 0, &sources.Error{Kind: sources.KindConfig, Err: fmt.Errorf(
				"loki answered %s for %s: check the url (and any path prefix of a gateway)", status, s.base+path)}
		default:
			return 0, &sources.Error{Kind: sources.KindConfig, Err: fmt.Errorf(
				"loki rejected the query with %s: %s: fix the source configuration (selector, limit, chunk, max_query_length) or the server limits", status, msg)}
		}
	}
	body := &cappedReader{r: resp.Body, left: s.cfg.MaxResponseBytes}
	sum, err := decode(body)
	s.cost(ctx, sum, time.Since(began))
	if err != nil {
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		if body.exceeded {
			return 0, &sources.Error{Kind: sources.KindProtocol, Err: fmt.Errorf(
				"loki response exceeds %d bytes: lower the source's limit (entries per request)", s.cfg.MaxResponseBytes)}
		}
		return 0, &sources.Error{Kind: sources.KindProtocol, Retryable: true, Err: fmt.Errorf("reading the loki response: %w", err)}
	}
	return 0, nil
}

// cost reports one answered request to OnCost: Loki's own execution time when the answer
// carries one, else the request's duration.
func (s *Source) cost(ctx context.Context, sum summary, wall time.Duration) {
	if s.cfg.OnCost == nil {
		return
	}
	c := sources.Cost{Kind: sources.QueryKindOf(ctx), ProcessedBytes: sum.TotalBytesProcessed, Time: wall}
	if sum.ExecTime > 0 {
		c.Time = sum.stats().ExecTime
	}
	s.cfg.OnCost(c)
}

// authorize sets who leakwatch is: its user agent and the tenant (X-Scope-OrgID). The
// credentials are the HTTP client's (cfg.HTTP), read from their files on every request.
func (s *Source) authorize(req *http.Request, tenant string) {
	req.Header.Set("User-Agent", "leakwatch")
	if tenant != "" {
		req.Header.Set("X-Scope-OrgID", tenant)
	}
}

// cutTransport: the request reached the server (no dial or TLS handshake failure) and
// then the connection closed or the client's timeout ran out: what Loki does to a query
// that runs past its http_server_write_timeout.
func cutTransport(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return false
	}
	var tlsErr *tls.RecordHeaderError
	if errors.As(err, &tlsErr) {
		return false
	}
	var ue *url.Error
	if errors.As(err, &ue) && ue.Timeout() {
		return true
	}
	// A long query's body may still be being written when Loki closes the connection: the
	// write then fails on the closed connection (EPIPE, or net.ErrClosed once the transport
	// has seen the close), which is the same cut.
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, net.ErrClosed)
}

// errorBody reads Loki's text/plain error message, bounded and on one line.
func errorBody(r io.Reader) string {
	b, _ := io.ReadAll(io.LimitReader(r, 512))
	msg := strings.Join(strings.Fields(string(b)), " ")
	if msg == "" {
		return "(empty body)"
	}
	return msg
}

// retryAfterHeader is Loki's Retry-After as a wait (0: none given, use the backoff).
func retryAfterHeader(v string) time.Duration {
	d, _ := retryafter.Parse(v, time.Now())
	return d
}

type cappedReader struct {
	r        io.Reader
	left     int64
	exceeded bool
}

var errTooLarge = errors.New("response too large")

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		var one [1]byte
		if n, err := c.r.Read(one[:]); n == 0 && err != nil {
			return 0, err
		}
		c.exceeded = true
		return 0, errTooLarge
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}
