package loki

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/loki/logql"
)

type queryResponse struct {
	Status string `json:"status"`
	Data   struct {
		ResultType string         `json:"resultType"`
		Result     []resultStream `json:"result"`
		Stats      struct {
			Summary summary `json:"summary"`
		} `json:"stats"`
	} `json:"data"`
}

type resultStream struct {
	Stream map[string]string `json:"stream"`
	Values []value           `json:"values"`
}

// value is one ["<ns>", "<line>", {optional metadata}] triple. The third element (sent with
// categorize-labels) carries the entry's structured metadata (OTLP attributes, trace ids):
// its values are scanned like the line, since a secret can sit there as well.
type value struct {
	ts   int64
	line []byte
	// meta is the structured metadata, sorted by name, or nil.
	meta []sources.Field
}

// derivedMetadata are metadata Loki adds itself; they cannot carry a secret.
var derivedMetadata = map[string]bool{"detected_level": true}

// decodeMeta reads the third element: {"structuredMetadata":{…},"parsed":{…}}.
func decodeMeta(b []byte) ([]sources.Field, error) {
	var m struct {
		StructuredMetadata map[string]string `json:"structuredMetadata"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	var out []sources.Field
	for k, v := range m.StructuredMetadata {
		if !derivedMetadata[k] {
			out = append(out, sources.Field{Name: k, Value: v})
		}
	}
	slices.SortFunc(out, func(a, b sources.Field) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// UnmarshalJSON parses a value by hand: encoding/json has already validated the syntax, and
// decoding through []any would cost several allocations per line.
func (v *value) UnmarshalJSON(b []byte) error {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '[' {
		return errors.New("value: want an array")
	}
	ts, i, err := jsonInt(b, skipSpace(b, i+1))
	if err != nil {
		return fmt.Errorf("value timestamp: %w", err)
	}
	i = skipSpace(b, i)
	if i >= len(b) || b[i] != ',' {
		return errors.New("value: want [timestamp, line]")
	}
	line, i, err := jsonString(b, skipSpace(b, i+1))
	if err != nil {
		return fmt.Errorf("value line: %w", err)
	}
	v.ts = ts
	v.line = line
	v.meta = nil
	if i = skipSpace(b, i); i < len(b) && b[i] == ',' {
		end := bytes.LastIndexByte(b, ']')
		if end < i {
			return errors.New("value: unterminated array")
		}
		// A cheap test first: most entries carry only the metadata Loki derives itself.
		if rest := b[i+1 : end]; bytes.Count(rest, []byte(`":`)) > 2 || !bytes.Contains(rest, []byte(`"detected_level"`)) {
			if v.meta, err = decodeMeta(rest); err != nil {
				return fmt.Errorf("value metadata: %w", err)
			}
		}
	}
	return nil
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// jsonInt reads a JSON string holding a non-negative decimal integer ("1795893787414242993")
// without allocating, and returns the index after it.
func jsonInt(b []byte, i int) (int64, int, error) {
	if i >= len(b) || b[i] != '"' {
		return 0, i, errors.New("want a string of integer nanoseconds")
	}
	var n int64
	j := i + 1
	for ; j < len(b) && b[j] >= '0' && b[j] <= '9'; j++ {
		if n > (math.MaxInt64-9)/10 {
			return 0, i, errors.New("timestamp out of range")
		}
		n = n*10 + int64(b[j]-'0')
	}
	if j == i+1 || j >= len(b) || b[j] != '"' {
		return 0, i, errors.New("want a string of integer nanoseconds")
	}
	return n, j + 1, nil
}

// jsonString decodes the JSON string starting at b[i] into a fresh slice and returns the
// index after it. The caller (encoding/json) has validated the syntax already.
func jsonString(b []byte, i int) ([]byte, int, error) {
	if i >= len(b) || b[i] != '"' {
		return nil, i, errors.New("want a string")
	}
	j := i + 1
	for j < len(b) && b[j] != '"' && b[j] != '\\' {
		j++
	}
	if j < len(b) && b[j] == '"' {
		return bytes.Clone(b[i+1 : j]), j + 1, nil
	}
	out := make([]byte, j-i-1, len(b)-i)
	copy(out, b[i+1:j])
	for j < len(b) {
		c := b[j]
		switch {
		case c == '"':
			return out, j + 1, nil
		case c != '\\':
			out = append(out, c)
			j++
			continue
		}
		if j+1 >= len(b) {
			break
		}
		switch e := b[j+1]; e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, n := unicodeEscape(b[j:])
			if n == 0 {
				return nil, i, errors.New("invalid \\u escape")
			}
			out = utf8.AppendRune(out, r)
			j += n
			continue
		default:
			return nil, i, fmt.Errorf("invalid escape \\%c", e)
		}
		j += 2
	}
	return nil, i, errors.New("unterminated string")
}

// unicodeEscape decodes \uXXXX (and a following low surrogate) at the start of b,
// returning the rune and the bytes consumed (0 when invalid).
func unicodeEscape(b []byte) (rune, int) {
	hex4 := func(b []byte) rune {
		if len(b) < 6 || b[0] != '\\' || b[1] != 'u' {
			return -1
		}
		v, err := strconv.ParseUint(string(b[2:6]), 16, 32)
		if err != nil {
			return -1
		}
		return rune(v)
	}
	r := hex4(b)
	if r < 0 {
		return 0, 0
	}
	if utf16.IsSurrogate(r) {
		if r2 := hex4(b[6:]); r2 >= 0 {
			if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
				return d, 12
			}
		}
		return utf8.RuneError, 6
	}
	return r, 6
}

// streamInfo is what every line of one result stream shares.
type streamInfo struct {
	labels   map[string]string
	selector string // exact selector of the stream, labels sorted
	idPrefix []byte // tenant \x00 selector \x00, hashed before each line
	// Grafana Explore link around the line's time: prefix + from + mid + to + suffix.
	linkPrefix, linkMid, linkSuffix string
}

func (s *Source) streamInfo(labels map[string]string) *streamInfo {
	si := &streamInfo{labels: labels, selector: logql.SelectorFromLabels(labels)}
	si.idPrefix = append(append(append(append([]byte{}, s.cfg.Tenant...), 0), si.selector...), 0)
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

func (s *Source) line(h hash.Hash, si *streamInfo, v value) sources.Line {
	t := time.Unix(0, v.ts).UTC()
	var loc strings.Builder // one allocation: "<selector> @ <RFC3339Nano>"
	loc.Grow(len(si.selector) + 3 + len(time.RFC3339Nano))
	loc.WriteString(si.selector)
	loc.WriteString(" @ ")
	var tb [len(time.RFC3339Nano)]byte
	loc.Write(t.AppendFormat(tb[:0], time.RFC3339Nano))
	l := sources.Line{
		Time:     t,
		Text:     v.line,
		Labels:   si.labels,
		ID:       lineID(h, si, v),
		Location: loc.String(),
		// Scanned apart from the line, so a finding there says so; the line id stays that of
		// the line alone.
		Fields: v.meta,
	}
	if si.linkPrefix != "" {
		ms := v.ts / int64(time.Millisecond)
		var link strings.Builder
		link.Grow(len(si.linkPrefix) + len(si.linkMid) + len(si.linkSuffix) + 40)
		var nb [20]byte
		link.WriteString(si.linkPrefix)
		link.Write(strconv.AppendInt(nb[:0], ms-60_000, 10))
		link.WriteString(si.linkMid)
		link.Write(strconv.AppendInt(nb[:0], ms+60_000, 10))
		link.WriteString(si.linkSuffix)
		l.Link = link.String()
	}
	return l
}

// lineID is stable across reads: a hash of tenant, stream labels, timestamp and line bytes.
// h is reused across the lines of a page.
func lineID(h hash.Hash, si *streamInfo, v value) string {
	var buf [sha256.Size]byte
	h.Reset()
	h.Write(si.idPrefix)
	h.Write(strconv.AppendInt(buf[:0], v.ts, 10))
	h.Write([]byte{0})
	h.Write(v.line)
	return hex.EncodeToString(h.Sum(buf[:0])[:16])
}

// streamID is stable across reads: a hash of tenant and stream labels.
func streamID(h hash.Hash, si *streamInfo) string {
	var buf [sha256.Size]byte
	h.Reset()
	h.Write(si.idPrefix)
	return hex.EncodeToString(h.Sum(buf[:0])[:16])
}

// decodeStreams reads a query_range response into lines sorted by time, then stream, and
// its stats.summary into sum.
func (s *Source) decodeStreams(body io.Reader, sum *summary) ([]sources.Line, error) {
	var resp queryResponse
	dec := json.NewDecoder(body)
	if err := dec.Decode(&resp); err != nil {
		return nil, err
	}
	*sum = resp.Data.Stats.Summary
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
	h := sha256.New()
	for _, st := range resp.Data.Result {
		si := s.streamInfo(st.Stream)
		for _, v := range st.Values {
			lines = append(lines, s.line(h, si, v))
		}
	}
	// Oldest first across streams; each stream's values already are.
	order := func(a, b sources.Line) int {
		if c := a.Time.Compare(b.Time); c != 0 {
			return c
		}
		return cmp.Compare(a.Location, b.Location)
	}
	if !slices.IsSortedFunc(lines, order) {
		slices.SortFunc(lines, order)
	}
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
