package loki

import (
	"context"
	"encoding/json"
	"fmt"
	promcfg "github.com/prometheus/common/config"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch/sources"
)

// Request is one HTTP request a scan sends, as `leakwatch explain` prints it. Credentials
// are never part of it: Header says only which kind the source sends. Selector, From and
// To are what the form was made of.
type Request struct {
	// Kind is why the request is sent: scan, count or reverify.
	Kind        sources.QueryKind
	Method, URL string
	Form        url.Values
	Header      http.Header
	Selector    string
	From, To    time.Time
}

// Explain returns the first request Scan sends for req, one per selector (later pages move
// start forward; later chunks move the range).
func (s *Source) Explain(req sources.Request) []Request {
	w := req.Window
	end := w.Start.Add(s.chunk)
	if end.After(w.End) {
		end = w.End
	}
	h := s.explainHeader()
	filter := LogQL(req.Filter.Plan)
	out := make([]Request, 0, len(s.selectors))
	for _, sel := range s.selectors {
		out = append(out, Request{Kind: sources.QueryScan, Method: http.MethodPost, URL: s.base + queryRangePath, Header: h,
			Form: s.rangeForm(joinQuery(sel, filter), w.Start.UnixNano(), end.UnixNano()), Selector: sel, From: w.Start, To: end})
	}
	return out
}

func (s *Source) explainHeader() http.Header {
	h := http.Header{}
	h.Set("Content-Type", "application/x-www-form-urlencoded")
	h.Set("X-Loki-Response-Encoding-Flags", "categorize-labels")
	if s.cfg.Tenant != "" {
		h.Set("X-Scope-OrgID", s.cfg.Tenant)
	}
	if a := authPlaceholder(s.cfg.HTTP); a != "" {
		h.Set("Authorization", a)
	}
	return h
}

// ExplainCounts returns the requests Volumes sends to count the lines in scope of each
// piece (a part of a window inside one re-verification bucket) before the window's scan.
func (s *Source) ExplainCounts(pieces []sources.Window) []Request {
	h := s.explainHeader()
	var out []Request
	for _, p := range pieces {
		for _, sel := range s.selectors {
			out = append(out, Request{Kind: sources.QueryCount, Method: http.MethodPost, URL: s.base + instantQueryPath, Header: h,
				Form: instantCountForm(sel, p.Start, p.End.Sub(p.Start)), Selector: sel, From: p.Start, To: p.End})
		}
	}
	return out
}

// ExplainReverify returns the requests of one re-verification of a covered bucket: its
// index volume, then, only when it changed since its last count, the count that confirms
// it (a rescan follows only when the count grew).
func (s *Source) ExplainReverify(bucket sources.Window) []Request {
	h := s.explainHeader()
	var out []Request
	for _, sel := range s.selectors {
		out = append(out, Request{Kind: sources.QueryReverify, Method: http.MethodPost, URL: s.base + indexVolumePath, Header: h,
			Form: indexVolumeForm(sel, bucket.Start, bucket.End), Selector: sel, From: bucket.Start, To: bucket.End})
	}
	for _, sel := range s.selectors {
		out = append(out, Request{Kind: sources.QueryReverify, Method: http.MethodPost, URL: s.base + instantQueryPath, Header: h,
			Form: instantCountForm(sel, bucket.Start, bucket.End.Sub(bucket.Start)), Selector: sel, From: bucket.Start, To: bucket.End})
	}
	return out
}

// MeasureRequest sends r once (as explained) and returns what Loki reports it cost:
// stats.summary (an index volume reads no chunk: 0 bytes).
func (s *Source) MeasureRequest(ctx context.Context, r Request) (Stats, error) {
	path := strings.TrimPrefix(r.URL, s.base)
	var st Stats
	began := time.Now()
	err := s.doStats(sources.WithQueryKind(ctx, r.Kind), path, r.Form, func(body io.Reader) (summary, error) {
		var resp struct {
			Data struct {
				Stats struct {
					Summary summary `json:"summary"`
				} `json:"stats"`
			} `json:"data"`
		}
		if err := json.NewDecoder(body).Decode(&resp); err != nil {
			return summary{}, fmt.Errorf("decoding the answer: %w", err)
		}
		st = resp.Data.Stats.Summary.stats()
		return resp.Data.Stats.Summary, nil
	})
	if err != nil {
		return st, fmt.Errorf("loki %s: measure %s: %w", s.cfg.Name, path, err)
	}
	if st.ExecTime == 0 {
		st.ExecTime = time.Since(began)
	}
	return st, nil
}

// Stats is what Loki reports of one query (stats.summary of its answer).
type Stats struct {
	ExecTime       time.Duration
	BytesProcessed int64
	LinesProcessed int64
	// Entries is the number of entries the answer holds (at most the limit).
	Entries int
}

// Measure sends query once over [from, to) (the first page, as Scan's first request) and
// returns Loki's own statistics of it.
func (s *Source) Measure(ctx context.Context, query string, from, to time.Time) (Stats, error) {
	var st Stats
	err := s.do(ctx, queryRangePath, s.rangeForm(query, from.UnixNano(), to.UnixNano()), func(body io.Reader) error {
		var r struct {
			Data struct {
				Result []struct {
					Values []json.RawMessage `json:"values"`
				} `json:"result"`
				Stats struct {
					Summary summary `json:"summary"`
				} `json:"stats"`
			} `json:"data"`
		}
		if err := json.NewDecoder(body).Decode(&r); err != nil {
			return fmt.Errorf("decoding the answer: %w", err)
		}
		st = r.Data.Stats.Summary.stats()
		for _, res := range r.Data.Result {
			st.Entries += len(res.Values)
		}
		return nil
	})
	if err != nil {
		return st, fmt.Errorf("loki %s: measure: %w", s.cfg.Name, err)
	}
	return st, nil
}

// FloorFilter is a line filter that matches nothing: the query reads every line of the range
// once, the least any filtered query costs Loki.
const FloorFilter = `|= "leakwatch-explain-no-match-7Qz"`

// authPlaceholder is the Authorization header the HTTP settings send, with the credential
// named, never shown.
func authPlaceholder(hc promcfg.HTTPClientConfig) string {
	switch {
	case hc.Authorization != nil:
		t := hc.Authorization.Type
		if t == "" {
			t = "Bearer"
		}
		return t + " <credentials>"
	case hc.BearerToken != "" || hc.BearerTokenFile != "":
		return "Bearer <credentials>"
	case hc.BasicAuth != nil:
		return "Basic <username:password>"
	case hc.OAuth2 != nil:
		return "Bearer <oauth2 token>"
	}
	return ""
}
