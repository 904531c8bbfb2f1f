package pipeline

import (
	"regexp/syntax"
	"unicode"
	"unicode/utf8"
)

// literalSet is what Loki's regexp simplifier makes of a `|~` value that is one literal, or
// an alternation of literals, once parsed and simplified as a whole: substring tests, exact
// or case-folded (containsFold). Anything else (a class, a repetition, an alternation whose
// common prefix the parser factored out: "abc|abd" becomes "ab[cd]") stays a regexp, which
// Loki runs on every line; leakwatch never sends such a filter, and the fake then runs Go's
// regexp, Loki's fallback.
type literalSet struct {
	all   [][]byte // fold entries in ASCII lower case
	isFld []bool
	first [256][]int // exact entries by first byte
}

// newLiteralSet returns nil when Loki would not simplify expr into substring tests.
func newLiteralSet(expr string) *literalSet {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil
	}
	re = re.Simplify()
	re = uncapture(re)
	subs := []*syntax.Regexp{re}
	if re.Op == syntax.OpAlternate {
		subs = re.Sub
	}
	ls := &literalSet{}
	for _, sub := range subs {
		sub = uncapture(sub)
		if sub.Op != syntax.OpLiteral {
			return nil
		}
		fold := sub.Flags&syntax.FoldCase != 0
		var lit []byte
		for _, r := range sub.Rune {
			if r >= utf8.RuneSelf {
				return nil
			}
			c := byte(r)
			if fold {
				c = lowerByte(c)
			}
			lit = append(lit, c)
		}
		ls.all = append(ls.all, lit)
		ls.isFld = append(ls.isFld, fold)
	}
	for i, l := range ls.all {
		if !ls.isFld[i] {
			ls.first[l[0]] = append(ls.first[l[0]], i)
		}
	}
	return ls
}

func uncapture(re *syntax.Regexp) *syntax.Regexp {
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	return re
}

// containsFold is Loki's case-insensitive substring test (what a `|~ "(?i)lit"` filter
// becomes): lit is ASCII lower case; a line byte matches after ASCII lowering, and a
// non-ASCII rune after the match's first byte matches when its Unicode lower case is the
// literal's rune (the Kelvin sign matches k there, ſ never matches s).
func containsFold(line string, lit []byte) bool {
	if len(lit) == 0 {
		return true
	}
	for i := 0; i+len(lit) <= len(line); i++ {
		if lowerByte(line[i]) != lit[0] {
			continue
		}
		j, k := i+1, 1
		for k < len(lit) && j < len(line) {
			c := line[j]
			if c < utf8.RuneSelf {
				if lowerByte(c) != lit[k] {
					break
				}
				j, k = j+1, k+1
				continue
			}
			r, size := utf8.DecodeRuneInString(line[j:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			if unicode.ToLower(r) != rune(lit[k]) {
				break
			}
			j, k = j+size, k+1
		}
		if k == len(lit) {
			return true
		}
	}
	return false
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func (ls *literalSet) match(line string) bool {
	for i := 0; i < len(line); i++ {
		for _, k := range ls.first[line[i]] {
			if !ls.isFld[k] && hasPrefixAt(line, i, ls.all[k]) {
				return true
			}
		}
	}
	for k, lit := range ls.all {
		if ls.isFld[k] && containsFold(line, lit) {
			return true
		}
	}
	return false
}

func hasPrefixAt(line string, i int, lit []byte) bool {
	return len(line)-i >= len(lit) && line[i:i+len(lit)] == string(lit)
}
