// Package logql is the small part of LogQL the Loki client needs: stream selectors (to
// validate them at config load the way Loki would, to read a stream's labels back) and
// quoting. Evaluating a query's line and label filters is the fake's business
// (lokifake/pipeline).
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

// ParseSelector parses a stream selector such as {app="x", env=~"prod|stage"}. It does not
// apply Validate: Loki accepts {} syntactically and rejects it afterwards.
func ParseSelector(s string) (Selector, error) {
	p := NewScanner(s)
	sel, err := p.Selector()
	if err != nil {
		return nil, err
	}
	p.Space()
	if !p.EOF() {
		return nil, p.Errorf("unexpected %q after the selector", p.Rest())
	}
	return sel, nil
}

// Scanner reads LogQL from a string, token by token: stream selectors, label matchers and
// string literals. ParseSelector is built on it, and so can a parser of pipeline stages be.
type Scanner struct {
	src string
	pos int
}

// NewScanner scans s from its start.
func NewScanner(s string) *Scanner { return &Scanner{src: s} }

// EOF reports whether all of the input was read.
func (p *Scanner) EOF() bool { return p.pos >= len(p.src) }

// Rest is the input not read yet.
func (p *Scanner) Rest() string { return p.src[p.pos:] }

// Skip moves past n bytes (a token the caller recognised in Rest).
func (p *Scanner) Skip(n int) { p.pos += n }

// Errorf is an error at the current position.
func (p *Scanner) Errorf(format string, args ...any) error {
	return fmt.Errorf("parse error at position %d: %s", p.pos+1, fmt.Sprintf(format, args...))
}

// Space skips white space.
func (p *Scanner) Space() {
	for !p.EOF() {
		switch p.src[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// Selector reads a stream selector ({…}).
func (p *Scanner) Selector() (Selector, error) {
	p.Space()
	if p.EOF() || p.src[p.pos] != '{' {
		return nil, p.Errorf("a stream selector starts with '{'")
	}
	p.pos++
	sel := Selector{}
	for {
		p.Space()
		if p.EOF() {
			return nil, p.Errorf("unterminated selector: missing '}'")
		}
		if p.src[p.pos] == '}' {
			p.pos++
			return sel, nil
		}
		if len(sel) > 0 {
			if p.src[p.pos] != ',' {
				return nil, p.Errorf("expected ',' or '}' in the selector, found %q", p.Rest())
			}
			p.pos++
			p.Space()
		}
		m, err := p.Matcher()
		if err != nil {
			return nil, err
		}
		sel = append(sel, m)
	}
}

// Matcher reads one label matcher: name op "value".
func (p *Scanner) Matcher() (*Matcher, error) {
	name := p.ident()
	if name == "" {
		return nil, p.Errorf("expected a label name, found %q", p.Rest())
	}
	p.Space()
	var t MatchType
	switch r := p.Rest(); {
	case strings.HasPrefix(r, "=~"):
		t, p.pos = MatchRegexp, p.pos+2
	case strings.HasPrefix(r, "!~"):
		t, p.pos = MatchNotRegexp, p.pos+2
	case strings.HasPrefix(r, "!="):
		t, p.pos = MatchNotEqual, p.pos+2
	case strings.HasPrefix(r, "="):
		t, p.pos = MatchEqual, p.pos+1
	default:
		return nil, p.Errorf("expected =, !=, =~ or !~ after label %s", name)
	}
	p.Space()
	v, err := p.Quoted()
	if err != nil {
		return nil, err
	}
	m, err := NewMatcher(t, name, v)
	if err != nil {
		return nil, p.Errorf("%v", err)
	}
	return m, nil
}

func (p *Scanner) ident() string {
	start := p.pos
	for !p.EOF() {
		c := p.src[p.pos]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || p.pos > start && c >= '0' && c <= '9' {
			p.pos++
			continue
		}
		break
	}
	return p.src[start:p.pos]
}

// Quoted reads a double-quoted (Go escapes) or backticked (raw) string, as LogQL does.
func (p *Scanner) Quoted() (string, error) {
	if p.EOF() {
		return "", p.Errorf("expected a quoted string")
	}
	switch p.src[p.pos] {
	case '`':
		end := strings.IndexByte(p.src[p.pos+1:], '`')
		if end < 0 {
			return "", p.Errorf("unterminated raw string")
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
					return "", p.Errorf("invalid string %s: %v", p.src[p.pos:i+1], err)
				}
				p.pos = i + 1
				return v, nil
			}
			i++
		}
		return "", p.Errorf("unterminated string")
	}
	return "", p.Errorf("expected a quoted string, found %q", p.Rest())
}

// Quote renders s as a LogQL string literal: backticks when that needs no escaping (easier to
// read for regexps), otherwise a double-quoted string with Go escapes, which LogQL unquotes.
func Quote(s string) string {
	if !strings.Contains(s, "`") && utf8.ValidString(s) && strconv.CanBackquote(s) {
		return "`" + s + "`"
	}
	return strconv.Quote(s)
}
