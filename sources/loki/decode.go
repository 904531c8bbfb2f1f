package loki

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/loki/logql"
)

type queryResponse struct {
	Status string `json:"status"`
	Data   struct {
		ResultType string         `json:"resultType"`
		Result     []resultStream `json:"result"`
	} `json:"data"`
}

type resultStream struct {
	Stream map[string]string `json:"stream"`
	Values []value           `json:"values"`
}

// value is one ["<ns>", "<line>", {optional metadata}] triple. The structured metadata (the
// third element, with categorize-labels) is not kept: Lines carry stream labels only.
type value struct {
	ts   int64
	line []byte
}

// UnmarshalJSON parses a value by hand: encoding/json has already validated the syntax, and
// decoding through []any would cost several allocations per line.
func (v *value) UnmarshalJSON(b []byte) error {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '[' {
		return errors.New("value: want an array")
	}
	tsRaw, i, err := jsonString(b, skipSpace(b, i+1))
	if err != nil {
		return fmt.Errorf("value timestamp: %w", err)
	}
	ts, err := strconv.ParseInt(string(tsRaw), 10, 64)
	if err != nil {
		return fmt.Errorf("value timestamp %q: not integer nanoseconds", tsRaw)
	}
	i = skipSpace(b, i)
	if i >= len(b) || b[i] != ',' {
		return errors.New("value: want [timestamp, line]")
	}
	line, _, err := jsonString(b, skipSpace(b, i+1))
	if err != nil {
		return fmt.Errorf("value line: %w", err)
	}
	v.ts = ts
	v.line = line
	return nil
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// jsonString decodes the JSON string starting at b[i] into a fresh slice and returns the
// index after it.
func jsonString(b []byte, i int) ([]byte, int, error) {
	if i >= len(b) || b[i] != '"' {
		return nil, i, errors.New("want a string")
	}
	escaped := false
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			escaped = true
			j++
		case '"':
			if !escaped {
				return bytes.Clone(b[i+1 : j]), j + 1, nil
			}
			var s string
			if err := json.Unmarshal(b[i:j+1], &s); err != nil {
				return nil, i, err
			}
			return []byte(s), j + 1, nil
		}
	}
	return nil, i, errors.New("unterminated string")
}

// streamInfo is what every line of one result stream shares.
type streamInfo struct {
	labels   map[string]string
	selector string // exact selector of the stream, labels sorted
	// Grafana Explore link around the line's time: prefix + from + mid + to + suffix.
	linkPrefix, linkMid, linkSuffix string
}

func (s *Source) streamInfo(labels map[string]string) *streamInfo {
	si := &streamInfo{labels: labels, selector: logql.SelectorFromLabels(labels)}
	if s.cfg.GrafanaURL != "" {
		si.linkPrefix, si.linkMid, si.linkSuffix = s.exploreLinkParts(si.selector)
	}
	return si
}

// exploreLinkParts renders Grafana's Explore URL for expr with the range left out, so each
// line only appends its own from/to milliseconds (digits need no URL escaping).
func (s *Source) exploreLinkParts(expr string) (prefix, mid, suffix string) {
	uid := s.cfg.DatasourceUID
	type ds struct {
		Type string `json:"type"`
		UID  string `json:"uid"`
	}
	type query struct {
		RefID      string `json:"refId"`
		Expr       string `json:"expr"`
		QueryType  string `json:"queryType"`
		Datasource ds     `json:"datasource"`
	}
	uidJSON, _ := json.Marshal(uid)
	queriesJSON, _ := json.Marshal([]query{{RefID: "A", Expr: expr, QueryType: "range", Datasource: ds{Type: "loki", UID: uid}}})
	head := fmt.Sprintf("%s/explore?schemaVersion=1&orgId=%d&panes=", trimSlash(s.cfg.GrafanaURL), s.cfg.GrafanaOrgID)
	prefix = head + url.QueryEscape(`{"a":{"datasource":`+string(uidJSON)+`,"queries":`+string(queriesJSON)+`,"range":{"from":"`)
	return prefix, url.QueryEscape(`","to":"`), url.QueryEscape(`"}}}`)
}

func trimSlash(s string) string {
	for len(s) > 0 && s[len(s)-1] == '/' {
		s = s[:len(s)-1]
	}
	return s
}

func (s *Source) line(si *streamInfo, v value) sources.Line {
	t := time.Unix(0, v.ts).UTC()
	l := sources.Line{
		Time:     t,
		Text:     v.line,
		Labels:   si.labels,
		ID:       s.lineID(si.selector, v),
		Location: si.selector + " @ " + t.Format(time.RFC3339Nano),
	}
	if si.linkPrefix != "" {
		ms := v.ts / int64(time.Millisecond)
		l.Link = si.linkPrefix + strconv.FormatInt(ms-60_000, 10) + si.linkMid + strconv.FormatInt(ms+60_000, 10) + si.linkSuffix
	}
	return l
}

// lineID is stable across reads: tenant, stream labels, timestamp and line bytes.
func (s *Source) lineID(selector string, v value) string {
	h := sha256.New()
	var num [20]byte
	h.Write([]byte(s.cfg.Tenant))
	h.Write([]byte{0})
	h.Write([]byte(selector))
	h.Write([]byte{0})
	h.Write(strconv.AppendInt(num[:0], v.ts, 10))
	h.Write([]byte{0})
	h.Write(v.line)
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0])[:16])
}

// decodeStreams reads a query_range response into lines sorted by time, then stream.
func (s *Source) decodeStreams(body io.Reader) ([]sources.Line, error) {
	var resp queryResponse
	dec := json.NewDecoder(body)
	if err := dec.Decode(&resp); err != nil {
		return nil, err
	}
	if resp.Status != "success" {
		return nil, fmt.Errorf("status %q, want success", resp.Status)
	}
	if resp.Data.ResultType != "streams" {
		return nil, fmt.Errorf("resultType %q, want streams", resp.Data.ResultType)
	}
	n := 0
	for _, st := range resp.Data.Result {
		n += len(st.Values)
	}
	lines := make([]sources.Line, 0, n)
	for _, st := range resp.Data.Result {
		si := s.streamInfo(st.Stream)
		for _, v := range st.Values {
			lines = append(lines, s.line(si, v))
		}
	}
	slices.SortStableFunc(lines, func(a, b sources.Line) int {
		if c := a.Time.Compare(b.Time); c != 0 {
			return c
		}
		return cmp.Compare(a.Location, b.Location)
	})
	return lines, nil
}

type seriesResponse struct {
	Status string              `json:"status"`
	Data   []map[string]string `json:"data"`
}

func decodeSeries(body io.Reader) ([]map[string]string, error) {
	var resp seriesResponse
	if err := json.NewDecoder(body).Decode(&resp); err != nil {
		return nil, err
	}
	if resp.Status != "success" {
		return nil, fmt.Errorf("status %q, want success", resp.Status)
	}
	return resp.Data, nil
}
