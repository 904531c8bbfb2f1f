package esfake

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// FieldType is a mapping type the model understands.
type FieldType string

const (
	Text     FieldType = "text"     // standard analyzer
	Keyword  FieldType = "keyword"  // whole value, ignore_above
	Wildcard FieldType = "wildcard" // whole value, any length
	Date     FieldType = "date"     // millisecond resolution
)

// Field maps one searchable field to a path in _source.
type Field struct {
	Type FieldType
	// Source is the _source path the value comes from; empty means the field's own name
	// (a multi-field such as message.keyword sets Source "message").
	Source string
	// IgnoreAbove: keyword values with more characters are not indexed (0: no limit).
	IgnoreAbove int
}

// DynamicMessageMapping is what dynamic mapping gives a string field "message": text with a
// keyword multi-field limited to 256 characters.
func DynamicMessageMapping() map[string]Field {
	return map[string]Field{
		"message":         {Type: Text},
		"message.keyword": {Type: Keyword, Source: "message", IgnoreAbove: 256},
	}
}

// Model is the part of a cluster that decides which documents a query matches: mappings,
// the standard analyzer and the query DSL subset leakwatch sends (match_all, bool, range,
// term, prefix, wildcard, match_phrase, exists).
type Model struct {
	Fields         map[string]Field
	TimestampField string
	// UAX29Punctuation makes ':' and '\'' join letters inside a token, as UAX#29 word breaking
	// does; off, they split tokens as the reference notes say. A sound pushdown must find
	// documents under both.
	UAX29Punctuation bool
	// DisallowExpensiveQueries models search.allow_expensive_queries: false.
	DisallowExpensiveQueries bool
}

// MaxTokenLength is the standard tokenizer's default max_token_length.
const MaxTokenLength = 255

// Analyze models the standard analyzer: UAX#29-style word breaking (letters, digits and '_'
// join; '.' joins letter-letter and digit-digit; ',' ';' join digit-digit; ':' and '\” per
// UAX29Punctuation), tokens without a letter or digit dropped, tokens cut at
// MaxTokenLength characters, lowercased.
func Analyze(text string, uax29 bool) []string {
	rs := []rune(text)
	var out []string
	isL := func(r rune) bool { return unicode.IsLetter(r) }
	isN := func(r rune) bool { return unicode.IsDigit(r) }
	isW := func(r rune) bool { return isL(r) || isN(r) || r == '_' }
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		tok := rs[start:end]
		start = -1
		has := false
		for _, r := range tok {
			if isL(r) || isN(r) {
				has = true
				break
			}
		}
		if !has {
			return
		}
		for len(tok) > MaxTokenLength {
			out = append(out, strings.ToLower(string(tok[:MaxTokenLength])))
			tok = tok[MaxTokenLength:]
		}
		out = append(out, strings.ToLower(string(tok)))
	}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if isW(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 && i+1 < len(rs) {
			prev, next := rs[i-1], rs[i+1]
			join := false
			switch r {
			case '.':
				join = isL(prev) && isL(next) || isN(prev) && isN(next)
			case ',', ';':
				join = isN(prev) && isN(next)
			case ':', '\'':
				join = uax29 && isL(prev) && isL(next)
			}
			if join {
				continue
			}
		}
		flush(i)
	}
	flush(len(rs))
	return out
}

// Doc is one indexed document.
type Doc struct {
	Index  string
	ID     string
	Millis int64 // the timestamp field, ms since the epoch
	Source map[string]any
	shard  int
	seq    int
	toks   map[string][][]string // analyzed text values per field (cache)
	fields map[string][]any      // the flattened _source (cache; see Fields)
}

// QueryError is a query the cluster refuses; Status and Type form the error response.
type QueryError struct {
	Status     int
	Type       string
	Reason     string
	RootType   string
	RootReason string
}

func (e *QueryError) Error() string { return e.Type + ": " + e.Reason }

func parsingError(format string, a ...any) *QueryError {
	return &QueryError{Status: 400, Type: "parsing_exception", Reason: fmt.Sprintf(format, a...)}
}

// Match reports whether a query (a JSON object) matches a document source.
func (m *Model) Match(query json.RawMessage, source map[string]any) (bool, error) {
	c, err := m.Compile(query)
	if err != nil {
		return false, err
	}
	return c.Match(source)
}

// Compiled is a checked query, for evaluating one query over many documents.
type Compiled struct {
	m *Model
	q map[string]any
}

// Compile parses and checks a query as the cluster would before running it.
func (m *Model) Compile(query json.RawMessage) (*Compiled, error) {
	q, err := decodeObject(query)
	if err != nil {
		return nil, parsingError("malformed query: %v", err)
	}
	if err := m.check(q); err != nil {
		return nil, err
	}
	return &Compiled{m: m, q: q}, nil
}

// Match evaluates the query on one document source.
func (c *Compiled) Match(source map[string]any) (bool, error) {
	m := c.m
	q := c.q
	d := &Doc{Source: source}
	if m.TimestampField != "" {
		if v := d.field(m.TimestampField); len(v) > 0 {
			if ms, err := parseMillis(v[0]); err == nil {
				d.Millis = ms
			}
		}
	}
	return m.eval(q, d)
}

func decodeObject(raw []byte) (map[string]any, error) {
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	var q map[string]any
	if err := dec.Decode(&q); err != nil {
		return nil, err
	}
	return q, nil
}

// check validates a query tree once before evaluation (unknown types, expensive queries).
func (m *Model) check(q map[string]any) error {
	if len(q) != 1 {
		return parsingError("query malformed, must have exactly one query type, found %d", len(q))
	}
	for typ, body := range q {
		switch typ {
		case "match_all", "range", "term", "match_phrase", "exists":
		case "prefix", "wildcard", "regexp":
			if m.DisallowExpensiveQueries {
				reason := fmt.Sprintf("[%s] queries cannot be executed when 'search.allow_expensive_queries' is set to false.", typ)
				if typ == "prefix" {
					reason += " For optimised prefix queries on text fields please enable [index_prefixes]."
				}
				return &QueryError{Status: 400, Type: "search_phase_execution_exception", Reason: "all shards failed", RootType: "query_shard_exception", RootReason: reason}
			}
			if typ == "regexp" {
				return parsingError("regexp is not modelled by the fake")
			}
		case "bool":
			b, ok := body.(map[string]any)
			if !ok {
				return parsingError("[bool] query malformed")
			}
			for k, v := range b {
				switch k {
				case "must", "filter", "should", "must_not":
					for _, c := range clauses(v) {
						cm, ok := c.(map[string]any)
						if !ok {
							return parsingError("[bool] clause malformed")
						}
						if err := m.check(cm); err != nil {
							return err
						}
					}
				case "minimum_should_match", "boost":
				default:
					return parsingError("[bool] query does not support [%s]", k)
				}
			}
		default:
			return parsingError("unknown query [%s]", typ)
		}
	}
	return nil
}

func clauses(v any) []any {
	if a, ok := v.([]any); ok {
		return a
	}
	return []any{v}
}

func (m *Model) eval(q map[string]any, d *Doc) (bool, error) {
	for typ, body := range q {
		switch typ {
		case "match_all":
			return true, nil
		case "bool":
			return m.evalBool(body.(map[string]any), d)
		case "range":
			return m.evalRange(body, d)
		case "exists":
			b, _ := body.(map[string]any)
			f, _ := b["field"].(string)
			return len(m.values(f, d)) > 0, nil
		case "term", "prefix", "wildcard", "match_phrase":
			field, value, fold, err := fieldQuery(typ, body)
			if err != nil {
				return false, err
			}
			return m.evalTerm(typ, field, value, fold, d), nil
		}
	}
	return false, parsingError("empty query")
}

func (m *Model) evalBool(b map[string]any, d *Doc) (bool, error) {
	for _, k := range []string{"must", "filter"} {
		for _, c := range clauses(b[k]) {
			if c == nil {
				continue
			}
			ok, err := m.eval(c.(map[string]any), d)
			if err != nil || !ok {
				return false, err
			}
		}
	}
	for _, c := range clauses(b["must_not"]) {
		if c == nil {
			continue
		}
		ok, err := m.eval(c.(map[string]any), d)
		if err != nil || ok {
			return false, err
		}
	}
	should := clauses(b["should"])
	if b["should"] == nil {
		should = nil
	}
	// ES 7+: with should clauses and no must/filter, at least one should must match.
	min := 0
	if len(should) > 0 && b["must"] == nil && b["filter"] == nil {
		min = 1
	}
	if v, ok := b["minimum_should_match"]; ok {
		n, err := strconv.Atoi(fmt.Sprint(v))
		if err != nil {
			return false, parsingError("[bool] minimum_should_match %v not modelled", v)
		}
		min = n
	}
	hit := 0
	for _, c := range should {
		ok, err := m.eval(c.(map[string]any), d)
		if err != nil {
			return false, err
		}
		if ok {
			hit++
		}
	}
	return hit >= min, nil
}

func (m *Model) evalRange(body any, d *Doc) (bool, error) {
	b, ok := body.(map[string]any)
	if !ok || len(b) != 1 {
		return false, parsingError("[range] query malformed")
	}
	for field, spec := range b {
		if field != m.TimestampField {
			return false, parsingError("range on %s is not modelled (only the timestamp field)", field)
		}
		s, ok := spec.(map[string]any)
		if !ok {
			return false, parsingError("[range] query malformed")
		}
		format, _ := s["format"].(string)
		for op, v := range s {
			if op == "format" {
				continue
			}
			bound, err := parseBound(v, format)
			if err != nil {
				return false, &QueryError{Status: 400, Type: "search_phase_execution_exception", Reason: "all shards failed",
					RootType: "parse_exception", RootReason: fmt.Sprintf("failed to parse date field [%v] with format [%s]", v, format)}
			}
			t := d.Millis
			switch op {
			case "gte":
				if t < bound {
					return false, nil
				}
			case "gt":
				if t <= bound {
					return false, nil
				}
			case "lte":
				if t > bound {
					return false, nil
				}
			case "lt":
				if t >= bound {
					return false, nil
				}
			default:
				return false, parsingError("[range] query does not support [%s]", op)
			}
		}
	}
	return true, nil
}

// parseBound reads a range bound the way a date field does: epoch_millis numbers, or
// ISO-8601 strings truncated to the millisecond.
func parseBound(v any, format string) (int64, error) {
	if strings.Contains(format, "epoch_millis") {
		n, err := strconv.ParseInt(fmt.Sprint(v), 10, 64)
		if err == nil {
			return n, nil
		}
		if !strings.Contains(format, "||") {
			return 0, err
		}
	}
	return parseMillis(v)
}

func parseMillis(v any) (int64, error) {
	switch x := v.(type) {
	case json.Number:
		return x.Int64()
	case float64:
		return int64(x), nil
	case int64:
		return x, nil
	case int:
		return int64(x), nil
	case string:
		t, err := time.Parse(time.RFC3339Nano, x)
		if err != nil {
			return 0, err
		}
		return t.UnixMilli(), nil
	}
	return 0, fmt.Errorf("not a date: %T", v)
}

func fieldQuery(typ string, body any) (field, value string, fold bool, err error) {
	b, ok := body.(map[string]any)
	if !ok || len(b) != 1 {
		return "", "", false, parsingError("[%s] query malformed", typ)
	}
	for f, spec := range b {
		field = f
		switch s := spec.(type) {
		case string:
			value = s
		case map[string]any:
			key := "value"
			if typ == "match_phrase" {
				key = "query"
			}
			v, ok := s[key]
			if !ok && typ == "wildcard" {
				v, ok = s["wildcard"]
			}
			if !ok {
				return "", "", false, parsingError("[%s] query has no [%s]", typ, key)
			}
			value = fmt.Sprint(v)
			if ci, ok := s["case_insensitive"].(bool); ok {
				fold = ci
			}
		default:
			return "", "", false, parsingError("[%s] query malformed", typ)
		}
	}
	return field, value, fold, nil
}

// values returns the indexed values of a field in a document: tokens are computed by the
// caller for text fields; keyword values over ignore_above are not indexed.
func (m *Model) values(field string, d *Doc) []string {
	f, ok := m.Fields[field]
	if !ok {
		f = Field{Type: Keyword}
	}
	src := f.Source
	if src == "" {
		src = field
	}
	var vals []string
	for _, v := range texts(d.field(src)) {
		if f.Type == Keyword && f.IgnoreAbove > 0 && utf8.RuneCountInString(v) > f.IgnoreAbove {
			continue
		}
		vals = append(vals, v)
	}
	return vals
}

func (m *Model) fieldType(field string) FieldType {
	if f, ok := m.Fields[field]; ok {
		return f.Type
	}
	return Keyword
}

func (m *Model) evalTerm(typ, field, value string, fold bool, d *Doc) bool {
	if m.fieldType(field) == Text {
		key := fmt.Sprint(field, m.UAX29Punctuation)
		all, ok := d.toks[key]
		if !ok {
			for _, v := range m.values(field, d) {
				all = append(all, Analyze(v, m.UAX29Punctuation))
			}
			if d.toks == nil {
				d.toks = map[string][][]string{}
			}
			d.toks[key] = all
		}
		for _, toks := range all {
			if typ == "match_phrase" {
				if phrase(toks, Analyze(value, m.UAX29Punctuation)) {
					return true
				}
				continue
			}
			for _, t := range toks {
				if matchOne(typ, t, value, fold) {
					return true
				}
			}
		}
		return false
	}
	for _, v := range m.values(field, d) {
		if typ == "match_phrase" {
			if v == value {
				return true
			}
			continue
		}
		if matchOne(typ, v, value, fold) {
			return true
		}
	}
	return false
}

func phrase(toks, want []string) bool {
	if len(want) == 0 {
		return false
	}
outer:
	for i := 0; i+len(want) <= len(toks); i++ {
		for j, w := range want {
			if toks[i+j] != w {
				continue outer
			}
		}
		return true
	}
	return false
}

func matchOne(typ, v, pattern string, fold bool) bool {
	if fold {
		v, pattern = strings.ToLower(v), strings.ToLower(pattern)
	}
	switch typ {
	case "term":
		return v == pattern
	case "prefix":
		return strings.HasPrefix(v, pattern)
	case "wildcard":
		return WildcardMatch(pattern, v)
	}
	return false
}

// WildcardMatch implements Lucene wildcard syntax: * any sequence, ? one character, \
// escapes the next character.
func WildcardMatch(pattern, s string) bool {
	p := []rune(pattern)
	r := []rune(s)
	type tok struct {
		star, any bool
		c         rune
	}
	var toks []tok
	for i := 0; i < len(p); i++ {
		switch {
		case p[i] == '\\' && i+1 < len(p):
			i++
			toks = append(toks, tok{c: p[i]})
		case p[i] == '*':
			toks = append(toks, tok{star: true})
		case p[i] == '?':
			toks = append(toks, tok{any: true})
		default:
			toks = append(toks, tok{c: p[i]})
		}
	}
	// dp[j]: toks[:i] matches r[:j]
	dp := make([]bool, len(r)+1)
	dp[0] = true
	for _, t := range toks {
		next := make([]bool, len(r)+1)
		for j := 0; j <= len(r); j++ {
			switch {
			case t.star:
				next[j] = dp[j] || (j > 0 && next[j-1])
			case j > 0 && (t.any || r[j-1] == t.c):
				next[j] = dp[j-1]
			}
		}
		dp = next
	}
	return dp[len(r)]
}

// sortKeys returns a map's keys in order (stable error texts).
func sortKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
