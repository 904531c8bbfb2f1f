package logql

import (
	"bytes"
	"regexp/syntax"
	"unicode"
	"unicode/utf8"
)

// literalSet matches a regexp that is an alternation of ASCII literals, each either exact or
// case-insensitive (Go's (?i), including the non-ASCII folds ſ of s and K of k, also when
// spelled out as classes like [sſS]), by substring search, as Loki rewrites such filters.
// The result equals the regexp's on every line, far faster than the regexp engine.
type literalSet struct {
	exact, fold [][]byte // fold entries in ASCII lower case
	// first[b] lists the entries (index into all) starting with byte b (lowered for fold).
	all   [][]byte
	isFld []bool
	first [256][]int
}

// newLiteralSet returns nil when the regexp is not such an alternation.
func newLiteralSet(expr string) *literalSet {
	ls := &literalSet{}
	// The parser factors common prefixes out of alternations, so parse each alternative alone.
	for _, alt := range splitAlternatives(expr) {
		a, err := syntax.Parse(alt, syntax.Perl)
		if err != nil {
			return nil
		}
		a = a.Simplify()
		for a.Op == syntax.OpCapture {
			a = a.Sub[0]
		}
		lit, fold, ok := literalOf(a)
		if !ok || len(lit) == 0 {
			return nil
		}
		ls.all = append(ls.all, lit)
		ls.isFld = append(ls.isFld, fold)
	}
	for i, l := range ls.all {
		ls.first[l[0]] = append(ls.first[l[0]], i)
	}
	return ls
}

// splitAlternatives splits expr at its top-level '|' (outside parentheses and classes). A
// leading flag group such as (?s) applies to every alternative and is repeated on each.
func splitAlternatives(expr string) []string {
	prefix := ""
	if len(expr) >= 4 && expr[:2] == "(?" && expr[2] != ':' {
		if end := bytes.IndexByte([]byte(expr), ')'); end > 0 && bytes.IndexByte([]byte(expr[:end]), ':') < 0 {
			prefix, expr = expr[:end+1], expr[end+1:]
		}
	}
	var out []string
	depth, class, start := 0, false, 0
	for i := 0; i < len(expr); i++ {
		switch c := expr[i]; {
		case c == '\\':
			i++
		case class:
			class = c != ']'
		case c == '[':
			class = true
			if i+1 < len(expr) && expr[i+1] == ']' {
				i++
			}
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == '|' && depth == 0:
			out = append(out, prefix+expr[start:i])
			start = i + 1
		}
	}
	return append(out, prefix+expr[start:])
}

// literalOf flattens a literal, a fold class or a concatenation of them into ASCII bytes;
// fold reports case-insensitive matching. Mixed exact and folded parts are not supported.
func literalOf(re *syntax.Regexp) (lit []byte, fold, ok bool) {
	parts := []*syntax.Regexp{re}
	if re.Op == syntax.OpConcat {
		parts = re.Sub
	}
	folds, exacts := 0, 0
	for _, p := range parts {
		switch p.Op {
		case syntax.OpLiteral:
			f := p.Flags&syntax.FoldCase != 0
			for _, r := range p.Rune {
				if r >= utf8.RuneSelf {
					return nil, false, false
				}
				c := byte(r)
				if f && unicode.ToLower(r) != unicode.ToUpper(r) {
					folds++
					c = byte(unicode.ToLower(r))
				} else if !f || unicode.ToLower(r) == unicode.ToUpper(r) {
					if !f {
						exacts++
					}
				}
				lit = append(lit, c)
			}
		case syntax.OpCharClass:
			// A class that is exactly the fold orbit of one ASCII letter.
			var rs []rune
			for i := 0; i+1 < len(p.Rune); i += 2 {
				for r := p.Rune[i]; r <= p.Rune[i+1] && len(rs) < 8; r++ {
					rs = append(rs, r)
				}
			}
			var letter rune = -1
			for _, r := range rs {
				if r < utf8.RuneSelf && unicode.IsLower(r) {
					letter = r
				}
			}
			if letter < 0 || !sameOrbit(rs, letter) {
				return nil, false, false
			}
			folds++
			lit = append(lit, byte(letter))
		default:
			return nil, false, false
		}
	}
	if folds > 0 && exacts > 0 {
		return nil, false, false
	}
	return lit, folds > 0, true
}

func sameOrbit(rs []rune, letter rune) bool {
	orbit := map[rune]bool{letter: true}
	for f := unicode.SimpleFold(letter); f != letter; f = unicode.SimpleFold(f) {
		orbit[f] = true
	}
	if len(rs) != len(orbit) {
		return false
	}
	for _, r := range rs {
		if !orbit[r] {
			return false
		}
	}
	return true
}

// foldLine lowers ASCII letters and maps ſ to s and K (Kelvin) to k: an ASCII-lowered
// literal occurs in the result exactly when (?i)literal matches the line.
func foldLine(dst []byte, line string) []byte {
	dst = dst[:0]
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case c == 0xC5 && i+1 < len(line) && line[i+1] == 0xBF:
			c, i = 's', i+1
		case c == 0xE2 && i+2 < len(line) && line[i+1] == 0x84 && line[i+2] == 0xAA:
			c, i = 'k', i+2
		}
		dst = append(dst, c)
	}
	return dst
}

func (ls *literalSet) match(line string) bool {
	var folded []byte
	hasFold := false
	for _, f := range ls.isFld {
		hasFold = hasFold || f
	}
	if hasFold {
		folded = foldLine(make([]byte, 0, len(line)), line)
	}
	for i := 0; i < len(line); i++ {
		for _, k := range ls.first[line[i]] {
			if !ls.isFld[k] && hasPrefixAt(line, i, ls.all[k]) {
				return true
			}
		}
	}
	for i := 0; i < len(folded); i++ {
		for _, k := range ls.first[folded[i]] {
			if ls.isFld[k] && bytes.HasPrefix(folded[i:], ls.all[k]) {
				return true
			}
		}
	}
	return false
}

func hasPrefixAt(line string, i int, lit []byte) bool {
	return len(line)-i >= len(lit) && line[i:i+len(lit)] == string(lit)
}
