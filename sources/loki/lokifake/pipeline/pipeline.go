// Package pipeline evaluates the line filters and label filters of a LogQL log query with
// Loki's semantics: lokifake answers queries with it, and the pushdown tests check what a
// query keeps. The client never evaluates a query; it only writes them.
package pipeline

import (
	"regexp"
	"strings"

	"github.com/leakwatch/leakwatch/sources/loki/logql"
)

// Selects reports whether a stream's labels satisfy every matcher of sel.
func Selects(sel logql.Selector, labels map[string]string) bool {
	for _, m := range sel {
		if !m.Matches(labels[m.Name]) {
			return false
		}
	}
	return true
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
	Selector logql.Selector
	Filters  []*LineFilter
	// Labels are label-filter stages (`| a=~"x" or b="y"`), each an OR of matchers, tested
	// against the entry's labels and structured metadata (an absent label is "").
	Labels []LabelFilter
}

// LabelFilter is one label-filter stage: it keeps an entry when one of its matchers holds.
type LabelFilter []*logql.Matcher

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

// ParseQuery parses a selector followed by line filters (|=, !=, |~, !~, each with optional
// `or` alternatives). Regexps are RE2, unanchored, with `.` matching newlines, as in Loki.
func ParseQuery(s string) (*Query, error) {
	p := logql.NewScanner(s)
	sel, err := p.Selector()
	if err != nil {
		return nil, err
	}
	q := &Query{Selector: sel}
	for {
		p.Space()
		if p.EOF() {
			return q, nil
		}
		var op FilterOp
		for _, o := range []FilterOp{OpContains, OpNotContains, OpRegexp, OpNotRegexp} {
			if strings.HasPrefix(p.Rest(), string(o)) {
				op = o
			}
		}
		if op == "" && strings.HasPrefix(p.Rest(), "|") {
			p.Skip(1)
			var lf LabelFilter
			for {
				p.Space()
				m, err := p.Matcher()
				if err != nil {
					return nil, p.Errorf("unsupported pipeline stage (only line filters and label filters are supported): %v", err)
				}
				lf = append(lf, m)
				p.Space()
				if r := p.Rest(); strings.HasPrefix(r, "or ") {
					p.Skip(3)
					continue
				}
				break
			}
			q.Labels = append(q.Labels, lf)
			continue
		}
		if op == "" {
			return nil, p.Errorf("unsupported pipeline stage %q (only line filters and label filters are supported)", p.Rest())
		}
		p.Skip(2)
		f := &LineFilter{Op: op}
		for {
			p.Space()
			v, err := p.Quoted()
			if err != nil {
				return nil, err
			}
			f.Values = append(f.Values, v)
			p.Space()
			r := p.Rest()
			if strings.HasPrefix(r, "or") && len(r) > 2 && (r[2] == ' ' || r[2] == '\t' || r[2] == '\n' || r[2] == '"' || r[2] == '`') {
				p.Skip(2)
				continue
			}
			break
		}
		if op == OpRegexp || op == OpNotRegexp {
			for _, v := range f.Values {
				re, err := regexp.Compile("(?s)" + v)
				if err != nil {
					return nil, p.Errorf("invalid regexp %q: %v", v, err)
				}
				f.res = append(f.res, re)
				f.lits = append(f.lits, newLiteralSet("(?s)"+v))
			}
		}
		q.Filters = append(q.Filters, f)
	}
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
