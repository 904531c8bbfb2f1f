package elasticsearch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch/pushdown"
	"github.com/leakwatch/leakwatch/sources"
)

type mode int

const (
	modeESPIT mode = iota // PIT + implicit _shard_doc
	modeOSPIT             // PIT + configured tiebreaker
	modeNoPIT             // search_after on the live index + configured tiebreaker
)

func (m mode) String() string {
	return [...]string{"elasticsearch point in time", "opensearch point in time", "search_after without point in time"}[m]
}

// maxSeen bounds the IDs remembered at the last timestamp (used to resume exactly after an
// expired Elasticsearch PIT); past it a resume may re-read documents, which rescans tolerate.
const maxSeen = 1 << 20

type pitRef struct {
	ID        string `json:"id"`
	KeepAlive string `json:"keep_alive"`
}

type searchBody struct {
	Size           int               `json:"size"`
	From           int               `json:"from"`
	Query          any               `json:"query"`
	Sort           []any             `json:"sort"`
	SearchAfter    []json.RawMessage `json:"search_after,omitempty"`
	PIT            *pitRef           `json:"pit,omitempty"`
	TrackTotalHits bool              `json:"track_total_hits"`
	Source         []string          `json:"_source"`
}

type hit struct {
	Index  string            `json:"_index"`
	ID     string            `json:"_id"`
	Source map[string]any    `json:"_source"`
	Sort   []json.RawMessage `json:"sort"`
}

type shardsInfo struct {
	Total      int         `json:"total"`
	Successful int         `json:"successful"`
	Skipped    int         `json:"skipped"`
	Failed     int         `json:"failed"`
	Failures   []shardFail `json:"failures"`
}

type searchResponse struct {
	// Took is the search's time in the cluster, in milliseconds.
	Took     int64       `json:"took"`
	PitID    string      `json:"pit_id"`
	TimedOut *bool       `json:"timed_out"`
	Shards   *shardsInfo `json:"_shards"`
	Hits     *struct {
		Hits []hit `json:"hits"`
	} `json:"hits"`
}

func (r *searchResponse) took() (time.Duration, bool) {
	return time.Duration(r.Took) * time.Millisecond, true
}

// partialError is a 200 that does not hold the whole page.
type partialError struct {
	msg       string
	throttled bool // every failed shard was rejected (429): retried like a 429
}

func (e *partialError) Error() string { return e.msg }

// validate is called by do on every decoded 2xx body: partial results never count.
func (r *searchResponse) validate() error {
	if r.Shards == nil || r.Hits == nil || r.TimedOut == nil {
		return &protocolError{fmt.Errorf("search response without _shards, hits or timed_out: truncated or not a search answer")}
	}
	if r.Shards.Failed > 0 {
		msg := fmt.Sprintf("partial results: %d of %d shards failed", r.Shards.Failed, r.Shards.Total)
		throttled := len(r.Shards.Failures) > 0
		for i, f := range r.Shards.Failures {
			t := f.Reason.Type
			throttled = throttled && (t == "es_rejected_execution_exception" || t == "rejected_execution_exception")
			if i < 3 {
				msg += fmt.Sprintf("; shard %d of %s: %s: %s", f.Shard, f.Index, t, clip(f.Reason.Reason, 200))
			}
		}
		return &partialError{msg: msg, throttled: throttled}
	}
	if *r.TimedOut {
		return &partialError{msg: "partial results: the search timed out (timed_out: true); check search.default_search_timeout or lower page_size"}
	}
	return nil
}

// Scan reads every document of req.Window whose searched fields may hold a keyword, oldest
// first, in pages of PageSize. See the package doc for how paging stays exact.
func (s *Source) Scan(ctx context.Context, req sources.Request, emit func(context.Context, sources.Page) error) error {
	w := req.Window
	startMs, endMs := ceilMillis(w.Start), ceilMillis(w.End)
	if endMs <= startMs {
		return nil // no millisecond falls in the window
	}
	info, err := s.clusterInfo(ctx)
	if err != nil {
		return fmt.Errorf("elasticsearch %s: %w", s.cfg.Name, err)
	}
	m, err := s.mode(info)
	if err != nil {
		return err
	}
	q, err := s.query(req.Filter, startMs, endMs)
	if err != nil {
		return err
	}
	sc := &scan{s: s, mode: m, query: q, window: w, startMs: startMs, endMs: endMs}
	err = sc.run(ctx, emit)
	var ee *esError
	if err == nil || s.cfg.Pushdown != PushdownDefault || s.noExpensive.Load() || !errors.As(err, &ee) || !ee.expensiveRefused() {
		return err
	}
	// The cluster refuses the pushdown's wildcard queries: without them no keyword can be
	// found soundly, so read every document, for this window and the ones after it. The
	// refusal comes on the first search, before any page; the window is read once more, and
	// only once: a second refusal is an error like any other.
	s.noExpensive.Store(true)
	s.cfg.Logger.Warn("elasticsearch refuses the pushdown's wildcard queries (search.allow_expensive_queries: false); " +
		"reading every document of each window instead. Set search.allow_expensive_queries: true, or map the searched " +
		"field as wildcard and set field_type: wildcard, to let the cluster filter")
	if s.cfg.OnFallback != nil {
		s.cfg.OnFallback("expensive_queries_disallowed")
	}
	if q, err = s.query(req.Filter, startMs, endMs); err != nil {
		return err
	}
	sc = &scan{s: s, mode: m, query: q, window: w, startMs: startMs, endMs: endMs}
	return sc.run(ctx, emit)
}

// ceilMillis maps a window boundary to the first millisecond at or after it. Date fields
// hold milliseconds, so [ceil(start), ceil(end)) holds exactly the documents in
// [start, end), and adjacent windows share their boundary: no document in two or none.
func ceilMillis(t time.Time) int64 {
	ms := t.UnixMilli() // floor: the nanosecond part is never negative
	if t.Nanosecond()%int(time.Millisecond) != 0 {
		ms++
	}
	return ms
}

func (s *Source) mode(info *clusterInfo) (mode, error) {
	m := modeESPIT
	why := ""
	switch {
	case s.cfg.DisablePIT:
		m, why = modeNoPIT, "disable_pit is set"
	case s.noPIT.Load():
		m, why = modeNoPIT, "opening a point in time was refused (403)"
	case !info.pitSupported():
		m, why = modeNoPIT, info.String()+" has no usable point in time (needs Elasticsearch 7.12+ or OpenSearch 2.4+)"
	case info.openSearch:
		m = modeOSPIT
	}
	if m != modeESPIT && s.cfg.TiebreakerField == "" {
		reason := "OpenSearch has no _shard_doc before 3.3"
		if m == modeNoPIT {
			reason = why + ", so there is no _shard_doc"
		}
		return 0, &sources.Error{Kind: sources.KindConfig, Err: fmt.Errorf("elasticsearch %s: %w", s.cfg.Name, errNoTiebreaker(reason))}
	}
	if m == modeNoPIT {
		s.warnOnce.Do(func() {
			s.cfg.Logger.Warn("elasticsearch source scans without a point in time: documents indexed, deleted or merged "+
				"into the window while it is read can shift pages (a late document before the cursor is missed until the next overlap)",
				"reason", why, "tiebreaker_field", s.cfg.TiebreakerField)
		})
	}
	return m, nil
}

// query is the time range plus the pushdown.
func (s *Source) query(f sources.Filter, startMs, endMs int64) (map[string]any, error) {
	filter := []any{map[string]any{"range": map[string]any{s.cfg.TimestampField: map[string]any{
		"gte": startMs, "lt": endMs, "format": "epoch_millis",
	}}}}
	switch s.cfg.Pushdown {
	case PushdownQuery:
		filter = append(filter, json.RawMessage(s.cfg.Query))
	case PushdownDefault:
		if s.noExpensive.Load() {
			break
		}
		pd, err := s.pushdown(f)
		if err != nil {
			return nil, &sources.Error{Kind: sources.KindConfig, Err: fmt.Errorf("elasticsearch %s: pushdown: %w", s.cfg.Name, err)}
		}
		if len(pd.Unpushable) > 0 {
			s.pushOnce.Do(func() {
				s.cfg.Logger.Info("elasticsearch pushdown off: some keywords cannot be searched soundly on this field type, "+
					"so every document in the window is read", "keywords", strings.Join(pd.Unpushable, " "),
					"field_type", s.cfg.FieldType)
			})
		}
		if pd.Query != nil {
			filter = append(filter, pd.Query)
		}
	}
	return map[string]any{"bool": map[string]any{"filter": filter}}, nil
}

// pushdown is keywordQuery of f's keywords (field type and fields are fixed per source),
// built once per distinct filter: the result is only read (encoded into each request), so
// windows share it.
func (s *Source) pushdown(f sources.Filter) (keywordFilter, error) {
	var kws []pushdown.Literal
	if f.Plan != nil {
		kws = f.Plan.Keywords
	}
	var key strings.Builder
	for _, k := range kws {
		// Length-prefixed, so no keyword text can make two filters share a key.
		fmt.Fprintf(&key, "%d:%t:%s;", len(k.Text), k.IgnoreCase, k.Text)
	}
	s.pdMu.Lock()
	defer s.pdMu.Unlock()
	if s.pdBuilds.Load() > 0 && s.pdKey == key.String() {
		return s.pd, nil
	}
	pd, err := keywordQuery(kws, fieldType(s.cfg.FieldType), s.cfg.SearchFields)
	if err != nil {
		return pd, err
	}
	s.pdBuilds.Add(1)
	s.pdKey, s.pd = key.String(), pd
	return pd, nil
}

type scan struct {
	s              *Source
	mode           mode
	query          map[string]any
	window         sources.Window
	startMs, endMs int64
	pitID          string
}

func (sc *scan) keepAlive() string {
	return strconv.FormatInt(sc.s.cfg.KeepAlive.Milliseconds(), 10) + "ms"
}

func (sc *scan) where() string {
	return fmt.Sprintf("elasticsearch %s: index %s window %s", sc.s.cfg.Name, sc.s.cfg.Index, sc.window)
}

// openPIT opens a point in time; a 403 moves the source to the no-PIT fallback for good.
func (sc *scan) openPIT(ctx context.Context) error {
	s := sc.s
	q := url.Values{"keep_alive": {sc.keepAlive()}}
	idx := "/" + s.cfg.Index
	var err error
	if sc.mode == modeOSPIT {
		var r struct {
			PitID string `json:"pit_id"`
		}
		err = s.do(ctx, http.MethodPost, idx+"/_search/point_in_time", q, nil, &r)
		sc.pitID = r.PitID
	} else {
		var r struct {
			ID string `json:"id"`
		}
		err = s.do(ctx, http.MethodPost, idx+"/_pit", q, nil, &r)
		sc.pitID = r.ID
	}
	if err != nil {
		var ee *esError
		if errors.As(err, &ee) && ee.status == http.StatusForbidden {
			s.noPIT.Store(true)
			m, merr := s.mode(nil)
			if merr != nil {
				return fmt.Errorf("%s: opening a point in time: %v; %w", sc.where(), ee, merr)
			}
			sc.mode = m
			return nil
		}
		return fmt.Errorf("%s: %w", sc.where(), s.classify("open point in time", err))
	}
	if sc.pitID == "" {
		return &sources.Error{Kind: sources.KindProtocol, Retryable: true, Err: fmt.Errorf("%s: open point in time: no id in the answer", sc.where())}
	}
	return nil
}

// closePIT frees the point in time with a fresh short context: the scan's own context may be
// cancelled, and a PIT left open holds segments until keep_alive runs out.
func (sc *scan) closePIT(ctx context.Context) {
	if sc.pitID == "" || sc.mode == modeNoPIT {
		return
	}
	s := sc.s
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	var err error
	if sc.mode == modeOSPIT {
		err = s.do(cctx, http.MethodDelete, "/_search/point_in_time", nil, map[string]any{"pit_id": []string{sc.pitID}}, nil)
	} else {
		err = s.do(cctx, http.MethodDelete, "/_pit", nil, map[string]any{"id": sc.pitID}, nil)
	}
	if err != nil {
		s.cfg.Logger.Warn("elasticsearch: closing the point in time failed; it expires after keep_alive",
			"keep_alive", s.cfg.KeepAlive, "err", err)
	}
	sc.pitID = ""
}

func (sc *scan) sort() []any {
	ts := map[string]any{sc.s.cfg.TimestampField: map[string]any{"order": "asc", "numeric_type": "date"}}
	if sc.mode == modeESPIT {
		return []any{ts} // Elasticsearch appends _shard_doc to PIT searches
	}
	return []any{ts, map[string]any{sc.s.cfg.TiebreakerField: map[string]any{"order": "asc"}}}
}

func (sc *scan) sourceFields() []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range append(append([]string{}, sc.s.cfg.MessageFields...), sc.s.cfg.LabelFields...) {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}

func (sc *scan) run(ctx context.Context, emit func(context.Context, sources.Page) error) error {
	s := sc.s
	if sc.mode != modeNoPIT {
		if err := sc.openPIT(ctx); err != nil {
			return err
		}
		defer sc.closePIT(ctx)
	}
	size := s.cfg.PageSize
	body := searchBody{Size: size, Query: sc.query, TrackTotalHits: false, Source: sc.sourceFields()}
	cur := &cursor{lastMs: math.MinInt64, seen: map[string]struct{}{}}
	for page := 0; ; page++ {
		resp, err := sc.searchPage(ctx, &body, cur.after)
		if err != nil {
			var ee *esError
			if errors.As(err, &ee) && ee.pitMissing() && sc.mode != modeNoPIT {
				if err := sc.reopenPIT(ctx, ee, cur); err != nil {
					return err
				}
				page-- // the same page again, in the new point in time
				continue
			}
			return fmt.Errorf("%s: %w", sc.where(), s.classify(fmt.Sprintf("search page %d", page+1), err))
		}
		if resp.PitID != "" {
			sc.pitID = resp.PitID // may change on any answer: always use the newest
		}
		hits := resp.Hits.Hits
		lines, err := sc.pageLines(hits, cur)
		if err != nil {
			return fmt.Errorf("%s: page %d: %w", sc.where(), page+1, err)
		}
		if len(hits) > 0 {
			cur.after = hits[len(hits)-1].Sort
			cur.reopens = 0
		}
		if len(lines) > 0 {
			if err := emit(ctx, sources.Page{Lines: lines}); err != nil {
				return fmt.Errorf("%s: page %d: %w", sc.where(), page+1, err)
			}
		}
		if len(hits) < size {
			return nil
		}
	}
}

// cursor is where a scan stands in its window: the search_after values of the last hit, and
// the documents read at the last timestamp, so that a reopened point in time resumes without
// emitting them twice.
type cursor struct {
	after    []json.RawMessage
	lastMs   int64
	seen     map[string]struct{} // documents read at lastMs (ES PIT resume)
	overflow bool                // seen was full: a resume cannot drop them all
	skip     map[string]struct{} // after a PIT reopen: documents at skipMs already emitted
	skipMs   int64
	reopens  int // point-in-time reopens since the last page with hits
}

// searchPage asks for the page after the cursor, in the point in time when there is one.
func (sc *scan) searchPage(ctx context.Context, body *searchBody, after []json.RawMessage) (searchResponse, error) {
	path := "/" + sc.s.cfg.Index + "/_search"
	body.PIT = nil
	body.Sort = sc.sort()
	if sc.mode != modeNoPIT {
		path = "/_search"
		body.PIT = &pitRef{ID: sc.pitID, KeepAlive: sc.keepAlive()}
	}
	body.SearchAfter = after
	var resp searchResponse
	err := sc.s.do(ctx, http.MethodPost, path, nil, *body, &resp)
	return resp, err
}

// reopenPIT opens a new point in time after the last one expired (ee) and moves the cursor
// to resume in it. It gives up after three reopens without progress.
func (sc *scan) reopenPIT(ctx context.Context, ee *esError, cur *cursor) error {
	s := sc.s
	cur.reopens++
	if cur.reopens > 3 {
		return fmt.Errorf("%s: %w", sc.where(), &sources.Error{Kind: sources.KindServer, Retryable: true,
			Err: fmt.Errorf("point in time expired %d times without progress (%v): raise keep_alive", cur.reopens-1, ee)})
	}
	s.cfg.Logger.Warn("elasticsearch: point in time expired; reopening and resuming after the last document read",
		"keep_alive", s.cfg.KeepAlive)
	sc.pitID = ""
	before := sc.mode
	if err := sc.openPIT(ctx); err != nil {
		return err
	}
	if sc.mode != before {
		// The cursor belongs to the old ordering; the next scan of the window uses the fallback.
		return fmt.Errorf("%s: %w", sc.where(), &sources.Error{Kind: sources.KindServer, Retryable: true,
			Err: fmt.Errorf("point in time expired and reopening it was refused: retry the window")})
	}
	if sc.mode == modeESPIT && cur.after != nil {
		// _shard_doc values belong to the old PIT: restart at the last timestamp and drop the
		// documents already read there.
		cur.after = []json.RawMessage{json.RawMessage(strconv.FormatInt(cur.lastMs-1, 10)),
			json.RawMessage(strconv.FormatInt(math.MaxInt64, 10))}
		if !cur.overflow {
			cur.skip, cur.skipMs = make(map[string]struct{}, len(cur.seen)), cur.lastMs
			for k := range cur.seen {
				cur.skip[k] = struct{}{}
			}
		}
	}
	return nil
}

// pageLines checks a page's hits and turns them into lines, leaving out the documents a
// resume already emitted and remembering those read at the last timestamp.
func (sc *scan) pageLines(hits []hit, cur *cursor) ([]sources.Line, error) {
	lines := make([]sources.Line, 0, len(hits))
	for i := range hits {
		h := &hits[i]
		ms, err := sc.checkHit(h, i == len(hits)-1)
		if err != nil {
			return nil, err
		}
		key := h.Index + "/" + h.ID
		if cur.skip != nil {
			if ms == cur.skipMs {
				if _, dup := cur.skip[key]; dup {
					continue
				}
			} else {
				cur.skip = nil
			}
		}
		if ms != cur.lastMs {
			cur.lastMs = ms
			clear(cur.seen)
			cur.overflow = false
		}
		if sc.mode == modeESPIT {
			if len(cur.seen) < maxSeen {
				cur.seen[key] = struct{}{}
			} else {
				cur.overflow = true
			}
		}
		lines = append(lines, sc.s.line(h, ms))
	}
	return lines, nil
}

// checkHit validates a hit's sort values and returns its timestamp in milliseconds.
func (sc *scan) checkHit(h *hit, last bool) (int64, error) {
	if len(h.Sort) != 2 {
		what := "[timestamp, _shard_doc]"
		if sc.mode != modeESPIT {
			what = "[timestamp, tiebreaker]"
		}
		return 0, &sources.Error{Kind: sources.KindProtocol, Err: fmt.Errorf("hit %s has %d sort values, want %s", DocLineID(h.Index, h.ID), len(h.Sort), what)}
	}
	ms, err := strconv.ParseInt(string(h.Sort[0]), 10, 64)
	if err != nil {
		return 0, &sources.Error{Kind: sources.KindConfig, Err: fmt.Errorf("hit %s: sort value of %s is not epoch milliseconds; is timestamp_field a date field?", DocLineID(h.Index, h.ID), sc.s.cfg.TimestampField)}
	}
	if ms < sc.startMs || ms >= sc.endMs {
		return 0, &sources.Error{Kind: sources.KindProtocol, Err: fmt.Errorf("hit %s at %d ms is outside the requested range [%d, %d)", DocLineID(h.Index, h.ID), ms, sc.startMs, sc.endMs)}
	}
	if last && sc.mode != modeESPIT && string(h.Sort[1]) == "null" {
		return 0, &sources.Error{Kind: sources.KindConfig, Err: fmt.Errorf("document %s has no %s: every document needs a unique tiebreaker_field value", DocLineID(h.Index, h.ID), sc.s.cfg.TiebreakerField)}
	}
	return ms, nil
}
