// Package logql is the small part of LogQL leakwatch needs: stream selectors (to validate
// them at config load the way Loki would) and line-filter pipelines (so the in-process fake
// and the pushdown tests evaluate a query with Loki's semantics). It is not a full LogQL
// implementation: parsers, label filters and metric queries are rejected.
package logql

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MatchType is a label matcher operator.
type MatchType int

const (
	MatchEqual     MatchType = iota // =
	MatchNotEqual                   // !=
	MatchRegexp                     // =~
	MatchNotRegexp                  // !~
)

func (t MatchType) String() string {
	return [...]string{"=", "!=", "=~", "!~"}[t]
}

// Matcher is one label matcher of a stream selector.
type Matcher struct {
	Name  string
	Type  MatchType
	Value string
	re    *regexp.Regexp
}

// NewMatcher builds a matcher; regexps are fully anchored like Prometheus label matchers.
func NewMatcher(t MatchType, name, value string) (*Matcher, error) {
	m := &Matcher{Name: name, Type: t, Value: value}
	if t == MatchRegexp || t == MatchNotRegexp {
		re, err := regexp.Compile("^(?:" + value + ")$")
		if err != nil {
			return nil, fmt.Errorf("invalid regexp %q for label %s: %w", value, name, err)
		}
		m.re = re
	}
	return m, nil
}

// Matches reports whether a label value (empty when the label is absent) satisfies m.
func (m *Matcher) Matches(v string) bool {
	switch m.Type {
	case MatchEqual:
		return v == m.Value
	case MatchNotEqual:
		return v != m.Value
	case MatchRegexp:
		return m.re.MatchString(v)
	default:
		return !m.re.MatchString(v)
	}
}

func (m *Matcher) String() string {
	return m.Name + m.Type.String() + strconv.Quote(m.Value)
}

// Selector is a parsed stream selector: every matcher must hold.
type Selector []*Matcher

// Matches reports whether a stream's labels satisfy every matcher.
func (s Selector) Matches(labels map[string]string) bool {
	for _, m := range s {
		if !m.Matches(labels[m.Name]) {
			return false
		}
	}
	return true
}

func (s Selector) String() string {
	parts := make([]string, len(s))
	for i, m := range s {
		parts[i] = m.String()
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// ErrEmptyCompatible is Loki's message for a selector every matcher of which matches the
// empty string (such a query would select every stream of the tenant).
const ErrEmptyCompatible = `parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will`

// Validate applies Loki's rule that a query needs one matcher that cannot match "".
func (s Selector) Validate() error {
	for _, m := range s {
		if !m.Matches("") {
			return nil
		}
	}
	return fmt.Errorf("%s", ErrEmptyCompatible)
}

// SelectorFromLabels is the exact selector of a label set, labels sorted by name.
func SelectorFromLabels(labels map[string]string) string {
	names := make([]string, 0, len(labels))
	for n := range labels {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteByte('{')
	for i, n := range names {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(n)
		b.WriteByte('=')
		b.WriteString(strconv.Quote(labels[n]))
	}
	b.WriteByte('}')
	return b.String()
}

// FilterOp is a line filter operator.
type FilterOp string

const (
	OpContains    FilterOp = "|="
	OpNotContains FilterOp = "!="
	OpRegexp      FilterOp = "|~"
	OpNotRegexp   FilterOp = "!~"
)

// LineFilter is one line-filter stage: `|= "a" or "b"` keeps lines containing a or b;
// `!= "a" or "b"` drops lines containing a or b (Loki applies De Morgan to negated chains).
type LineFilter struct {
	Op     FilterOp
	Values []string
	res    []*regexp.Regexp
	// lits, when set for a regexp value, matches it by substring search (same result).
	lits []*literalSet
}

func (f *LineFilter) any(line string) bool {
	for i, v := range f.Values {
		if f.lits != nil && f.lits[i] != nil {
			if f.lits[i].match(line) {
				return true
			}
			continue
		}
		if f.res != nil {
			if f.res[i].MatchString(line) {
				return true
			}
		} else if strings.Contains(line, v) {
			return true
		}
	}
	return false
}

// Keep reports whether the stage keeps line.
func (f *LineFilter) Keep(line string) bool {
	switch f.Op {
	case OpContains, OpRegexp:
		return f.any(line)
	default:
		return !f.any(line)
	}
}

// Query is a log query: a selector, line filters and label filters, all of which must keep
// an entry.
type Query struct {
	Selector Selector
	Filters  []*LineFilter
	// Labels are label-filter stages (`| a=~"x" or b="y"`), each an OR of matchers, tested
	// against the entry's labels and structured metadata (an absent label is "").
	Labels []LabelFilter
}

// LabelFilter is one label-filter stage: it keeps an entry when one of its matchers holds.
type LabelFilter []*Matcher

// KeepEntry reports whether every line filter keeps line and every label filter keeps an
// entry whose labels and structured metadata are those label returns.
func (q *Query) KeepEntry(line string, label func(name string) string) bool {
	if !q.Keep(line) {
		return false
	}
	for _, lf := range q.Labels {
		ok := false
		for _, m := range lf {
			if m.Matches(label(m.Name)) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// Keep reports whether every line filter keeps line.
func (q *Query) Keep(line string) bool {
	for _, f := range q.Filters {
		if !f.Keep(line) {
			return false
		}
	}
	return true
}

// ParseSelector parses a stream selector such as {app="x", env=~"prod|stage"}. It does not
// apply Validate: Loki accepts {} syntactically and rejects it afterwards.
func ParseSelector(s string) (Selector, error) {
	p := &parser{src: s}
	sel, err := p.selector()
	if err != nil {
		return nil, err
	}
	p.space()
	if !p.eof() {
		return nil, p.errorf("unexpected %q after the selector", p.rest())
	}
	return sel, nil
}

// ParseQuery parses a selector followed by line filters (|=, !=, |~, !~, each with optional
// `or` alternatives). Regexps are RE2, unanchored, with `.` matching newlines, as in Loki.
func ParseQuery(s string) (*Query, error) {
	p := &parser{src: s}
	sel, err := p.selector()
	if err != nil {
		return nil, err
	}
	q := &Query{Selector: sel}
	for {
		p.space()
		if p.eof() {
			return q, nil
		}
		var op FilterOp
		for _, o := range []FilterOp{OpContains, OpNotContains, OpRegexp, OpNotRegexp} {
			if strings.HasPrefix(p.rest(), string(o)) {
				op = o
			}
		}
		if op == "" && strings.HasPrefix(p.rest(), "|") {
			p.pos++
			var lf LabelFilter
			for {
				p.space()
				m, err := p.matcher()
				if err != nil {
					return nil, p.errorf("unsupported pipeline stage (only line filters and label filters are supported): %v", err)
				}
				lf = append(lf, m)
				p.space()
				if r := p.rest(); strings.HasPrefix(r, "or ") {
					p.pos += 3
					continue
				}
				break
			}
			q.Labels = append(q.Labels, lf)
			continue
		}
		if op == "" {
			return nil, p.errorf("unsupported pipeline stage %q (only line filters and label filters are supported)", p.rest())
		}
		p.pos += 2
		f := &LineFilter{Op: op}
		for {
			p.space()
			v, err := p.str()
			if err != nil {
				return nil, err
			}
			f.Values = append(f.Values, v)
			p.space()
			r := p.rest()
			if strings.HasPrefix(r, "or") && len(r) > 2 && (r[2] == ' ' || r[2] == '\t' || r[2] == '\n' || r[2] == '"' || r[2] == '`') {
				p.pos += 2
				continue
			}
			break
		}
		if op == OpRegexp || op == OpNotRegexp {
			for _, v := range f.Values {
				re, err := regexp.Compile("(?s)" + v)
				if err != nil {
					return nil, p.errorf("invalid regexp %q: %v", v, err)
				}
				f.res = append(f.res, re)
				f.lits = append(f.lits, newLiteralSet("(?s)"+v))
			}
		}
		q.Filters = append(q.Filters, f)
	}
}

type parser struct {
	src string
	pos int
}

func (p *parser) eof() bool    { return p.pos >= len(p.src) }
func (p *parser) rest() string { return p.src[p.pos:] }

func (p *parser) errorf(format string, args ...any) error {
	return fmt.Errorf("parse error at position %d: %s", p.pos+1, fmt.Sprintf(format, args...))
}

func (p *parser) space() {
	for !p.eof() {
		switch p.src[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *parser) selector() (Selector, error) {
	p.space()
	if p.eof() || p.src[p.pos] != '{' {
		return nil, p.errorf("a stream selector starts with '{'")
	}
	p.pos++
	sel := Selector{}
	for {
		p.space()
		if p.eof() {
			return nil, p.errorf("unterminated selector: missing '}'")
		}
		if p.src[p.pos] == '}' {
			p.pos++
			return sel, nil
		}
		if len(sel) > 0 {
			if p.src[p.pos] != ',' {
				return nil, p.errorf("expected ',' or '}' in the selector, found %q", p.rest())
			}
			p.pos++
			p.space()
		}
		m, err := p.matcher()
		if err != nil {
			return nil, err
		}
		sel = append(sel, m)
	}
}

// matcher parses name op "value".
func (p *parser) matcher() (*Matcher, error) {
	name := p.ident()
	if name == "" {
		return nil, p.errorf("expected a label name, found %q", p.rest())
	}
	p.space()
	var t MatchType
	switch r := p.rest(); {
	case strings.HasPrefix(r, "=~"):
		t, p.pos = MatchRegexp, p.pos+2
	case strings.HasPrefix(r, "!~"):
		t, p.pos = MatchNotRegexp, p.pos+2
	case strings.HasPrefix(r, "!="):
		t, p.pos = MatchNotEqual, p.pos+2
	case strings.HasPrefix(r, "="):
		t, p.pos = MatchEqual, p.pos+1
	default:
		return nil, p.errorf("expected =, !=, =~ or !~ after label %s", name)
	}
	p.space()
	v, err := p.str()
	if err != nil {
		return nil, err
	}
	m, err := NewMatcher(t, name, v)
	if err != nil {
		return nil, p.errorf("%v", err)
	}
	return m, nil
}

func (p *parser) ident() string {
	start := p.pos
	for !p.eof() {
		c := p.src[p.pos]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || p.pos > start && c >= '0' && c <= '9' {
			p.pos++
			continue
		}
		break
	}
	return p.src[start:p.pos]
}

// str reads a double-quoted (Go escapes) or backticked (raw) string, as LogQL does.
func (p *parser) str() (string, error) {
	if p.eof() {
		return "", p.errorf("expected a quoted string")
	}
	switch p.src[p.pos] {
	case '`':
		end := strings.IndexByte(p.src[p.pos+1:], '`')
		if end < 0 {
			return "", p.errorf("unterminated raw string")
		}
		v := p.src[p.pos+1 : p.pos+1+end]
		p.pos += end + 2
		return v, nil
	case '"':
		i := p.pos + 1
		for i < len(p.src) {
			switch p.src[i] {
			case '\\':
				i += 2
				continue
			case '"':
				v, err := strconv.Unquote(p.src[p.pos : i+1])
				if err != nil {
					return "", p.errorf("invalid string %s: %v", p.src[p.pos:i+1], err)
				}
				p.pos = i + 1
				return v, nil
			}
			i++
		}
		return "", p.errorf("unterminated string")
	}
	return "", p.errorf("expected a quoted string, found %q", p.rest())
}

// Quote renders s as a LogQL string literal: backticks when that needs no escaping (easier to
// read for regexps), otherwise a double-quoted string with Go escapes, which LogQL unquotes.
func Quote(s string) string {
	if !strings.Contains(s, "`") && utf8.ValidString(s) && strconv.CanBackquote(s) {
		return "`" + s + "`"
	}
	return strconv.Quote(s)
}

// SubstringOnly reports whether Loki evaluates every line filter of q as substring tests
// (`|=` values, and `|~` values its regexp simplifier reduces to literals), never as a
// regular expression run on every line.
func (q *Query) SubstringOnly() bool {
	for _, f := range q.Filters {
		if f.Op != OpRegexp && f.Op != OpNotRegexp {
			continue
		}
		for i := range f.Values {
			if f.lits[i] == nil {
				return false
			}
		}
	}
	return true
}
