package pushdown

import (
	"fmt"
	"regexp/syntax"
	"slices"
	"sort"
	"strings"
	"unicode"
)

// contextRegexes are regexes a line must match for rule regex re to match it, each a part of
// re cut out of it: from a choice of words the rule's key needs (`key|token|secret|password`)
// up to where the secret's capture group starts, so it holds the key's tail and the
// separator. A substring cannot tell `"msg":"token validated"` from `token=v`; such a regex
// can, at the price of a regexp run on each line reaching it (see CostModel.Regex). Rules
// built on one grammar around the same words cut out the same text, so one regex stands for
// many of them.
//
// Soundness: the cut is a contiguous part of every match. Keeping only the part of a
// sequence before its first capture keeps a prefix of the match; starting at a later element
// of a sequence keeps a suffix; an alternation's parts are the union of its branches' parts
// for the same words. Assertions (\b) stay at the same positions of the same line.
func contextRegexes(re string) [][]string {
	parsed, err := syntax.Parse(re, syntax.Perl)
	if err != nil || parsed.Op != syntax.OpConcat {
		return nil
	}
	k := 0
	for k < len(parsed.Sub) && !hasCapture(parsed.Sub[k]) {
		k++
	}
	if k == 0 || k == len(parsed.Sub) {
		return nil // no capture to stop at, or nothing before it
	}
	head := &syntax.Regexp{Op: syntax.OpConcat, Sub: parsed.Sub[:k], Flags: parsed.Flags}
	starts := suffixes(head)
	out := make([][]string, 0, len(starts))
	for key, t := range starts {
		if !strings.Contains(key, "|") {
			continue // one word (a provider's name): no text other rules share
		}
		var group []string
		for _, d := range distribute(t) {
			if s := regexpSource(d); !slices.Contains(group, s) {
				group = append(group, s)
			}
		}
		sort.Strings(group)
		out = append(out, group)
	}
	sort.Slice(out, func(i, j int) bool { return strings.Join(out[i], "\n") < strings.Join(out[j], "\n") })
	return out
}

// distribute writes t as an alternation of simpler regexes, one per word it starts with
// (`(?:key|token)SEP` as `keySEP` and `tokenSEP`), when each is a word of fixed case: a
// regexp run is cheap from a literal prefix, which the store finds by substring search, and
// costly from every byte of a line (any-case words are no such prefix, and one regex costs
// less than several).
// Leading assertions are dropped (a looser regex) so that a flag's dash is such a prefix.
func distribute(t *syntax.Regexp) []*syntax.Regexp {
	switch t.Op {
	case syntax.OpAlternate:
		var out []*syntax.Regexp
		for _, b := range t.Sub {
			out = append(out, distribute(b)...)
		}
		return out
	case syntax.OpConcat:
		subs := t.Sub
		for len(subs) > 1 && (emptyWidth(subs[0]) || subs[0].Op == syntax.OpConcat) {
			if subs[0].Op == syntax.OpConcat { // a suffix's own sequence: flattened
				subs = append(slices.Clone(subs[0].Sub), subs[1:]...)
				continue
			}
			subs = subs[1:]
		}
		if first := subs[0]; first.Op == syntax.OpAlternate && plain(first) && exactWords(first.Sub) {
			var out []*syntax.Regexp
			for _, b := range first.Sub {
				out = append(out, concat(b, subs[1:]))
			}
			return out
		}
		return []*syntax.Regexp{concat(subs[0], subs[1:])}
	}
	return []*syntax.Regexp{t}
}

// exactWords: every branch starts with a case-sensitive literal.
func exactWords(branches []*syntax.Regexp) bool {
	for _, b := range branches {
		for b.Op == syntax.OpConcat && len(b.Sub) > 0 {
			b = b.Sub[0]
		}
		if b.Op != syntax.OpLiteral || b.Flags&syntax.FoldCase != 0 {
			return false
		}
	}
	return true
}

func emptyWidth(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpWordBoundary, syntax.OpNoWordBoundary, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText, syntax.OpEmptyMatch:
		return true
	}
	return false
}

// suffixes maps the words each suffix starts with (a key of choiceKey) to a regex matching
// a suffix of every match of re that starts with a match of those words.
func suffixes(re *syntax.Regexp) map[string]*syntax.Regexp {
	if key := choiceKey(re); key != "" && re.Op != syntax.OpConcat {
		return map[string]*syntax.Regexp{key: re}
	}
	switch re.Op {
	case syntax.OpCapture:
		return suffixes(re.Sub[0])
	case syntax.OpAlternate:
		// Words every branch starts a suffix with: the union of the branches' suffixes.
		var out map[string]*syntax.Regexp
		for i, b := range re.Sub {
			bs := suffixes(b)
			if i == 0 {
				out = map[string]*syntax.Regexp{}
				for key, t := range bs {
					out[key] = &syntax.Regexp{Op: syntax.OpAlternate, Sub: []*syntax.Regexp{t}}
				}
				continue
			}
			for key, alt := range out {
				t, ok := bs[key]
				if !ok {
					delete(out, key)
					continue
				}
				if !containsRegexp(alt.Sub, t) {
					alt.Sub = append(alt.Sub, t)
				}
			}
		}
		for key, alt := range out {
			if len(alt.Sub) == 1 {
				out[key] = alt.Sub[0]
			}
		}
		return out
	case syntax.OpConcat:
		out := map[string]*syntax.Regexp{}
		// head: the longest run of leading elements without letters (a flag's dashes, a
		// quote), which every rule of a grammar writes alike.
		head := 0
		for head < len(re.Sub) && letterless(re.Sub[head]) {
			head++
		}
		for i, s := range re.Sub {
			rest := re.Sub[i+1:]
			if key := choiceKey(s); key != "" {
				if _, ok := out[key]; !ok {
					out[key] = concat(s, rest)
					if b := bridged(re.Sub, head, i); b != nil {
						out[key] = b
					}
				}
				continue
			}
			for key, t := range suffixes(s) {
				if _, ok := out[key]; !ok {
					out[key] = concat(t, rest)
				}
			}
		}
		return out
	}
	return nil
}

func concat(head *syntax.Regexp, rest []*syntax.Regexp) *syntax.Regexp {
	if len(rest) == 0 {
		return head
	}
	return &syntax.Regexp{Op: syntax.OpConcat, Sub: append([]*syntax.Regexp{head}, rest...)}
}

func containsRegexp(rs []*syntax.Regexp, r *syntax.Regexp) bool {
	for _, x := range rs {
		if x.Equal(r) {
			return true
		}
	}
	return false
}

// choiceKey names the words a plain node (literals, classes, optional parts: no repetition,
// assertion or capture) requires, as its required clauses written out, "" for any other node
// or one requiring no literal. Two nodes with the same key match the same words' lines.
func choiceKey(re *syntax.Regexp) string {
	if !plain(re) {
		return ""
	}
	cs := requiredClauses(re)
	if len(cs) == 0 {
		return ""
	}
	parts := make([]string, 0, len(cs))
	for _, c := range cs {
		c = minimalClause(c)
		words := make([]string, len(c))
		for i, l := range c {
			words[i] = l.Text
			if l.IgnoreCase {
				words[i] = "(?i)" + l.Text
			}
		}
		parts = append(parts, strings.Join(words, "|"))
	}
	sort.Strings(parts)
	return strings.Join(parts, " & ")
}

func plain(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpLiteral, syntax.OpCharClass:
		return true
	case syntax.OpConcat, syntax.OpAlternate, syntax.OpQuest:
		for _, s := range re.Sub {
			if !plain(s) {
				return false
			}
		}
		return true
	}
	return false
}

func hasCapture(re *syntax.Regexp) bool {
	if re.Op == syntax.OpCapture {
		return true
	}
	for _, s := range re.Sub {
		if hasCapture(s) {
			return true
		}
	}
	return false
}

// bridged is the suffix of subs from element i kept behind the letterless head subs[:head]
// when everything between them (a provider's name in `--NAME_token v`) matches only
// identifier bytes: that part is then written as a run of them, the same for every rule.
// Without the head, the flag form's suffix `token\s+` would hold on "token validated"; with
// it, `\B--?[…]*token\s+` does not. nil when there is no head or the part between is not
// plain identifier bytes.
func bridged(subs []*syntax.Regexp, head, i int) *syntax.Regexp {
	if head == 0 || head > i {
		return nil
	}
	assertions := 0
	for _, s := range subs[:head] {
		if emptyWidth(s) {
			assertions++
		}
	}
	if assertions == head {
		return nil // only assertions (\b): nothing kept that the bridge would earn its cost for
	}
	for _, s := range subs[head:i] {
		if !identifierOnly(s) {
			return nil
		}
	}
	out := &syntax.Regexp{Op: syntax.OpConcat}
	out.Sub = append(out.Sub, subs[:head]...)
	if head < i {
		out.Sub = append(out.Sub, &syntax.Regexp{Op: syntax.OpStar,
			Sub: []*syntax.Regexp{{Op: syntax.OpCharClass, Rune: identifierClass}}})
	}
	out.Sub = append(out.Sub, subs[i:]...)
	return out
}

// identifierClass is [-.0-9A-Z_a-z] and the two runes Go's case folding adds to it (ſ for s,
// the Kelvin sign for k): a (?i:sk) in a name can match them.
var identifierClass = []rune{'-', '.', '0', '9', 'A', 'Z', '_', '_', 'a', 'z', 0x17f, 0x17f, 0x212a, 0x212a}

func inIdentifierClass(r rune) bool {
	for i := 0; i < len(identifierClass); i += 2 {
		if identifierClass[i] <= r && r <= identifierClass[i+1] {
			return true
		}
	}
	return false
}

// identifierOnly: every string re matches is made of identifierClass.
func identifierOnly(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			for f := r; ; {
				if !inIdentifierClass(f) {
					return false
				}
				if re.Flags&syntax.FoldCase == 0 {
					break
				}
				if f = unicode.SimpleFold(f); f == r {
					break
				}
			}
		}
		return true
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if !inIdentifierClass(r) {
					return false
				}
			}
		}
		return true
	case syntax.OpEmptyMatch:
		return true
	case syntax.OpConcat, syntax.OpAlternate, syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat, syntax.OpCapture:
		for _, s := range re.Sub {
			if !identifierOnly(s) {
				return false
			}
		}
		return true
	}
	return false
}

// letterless: re holds no letter (in a literal or a character class) and no capture.
func letterless(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			if unicode.IsLetter(r) {
				return false
			}
		}
		return true
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := re.Rune[i], re.Rune[i+1]
			if hi-lo > 0x100 {
				return false
			}
			for r := lo; r <= hi; r++ {
				if unicode.IsLetter(r) {
					return false
				}
			}
		}
		return true
	case syntax.OpCapture, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return false
	}
	for _, s := range re.Sub {
		if !letterless(s) {
			return false
		}
	}
	return true
}

// writeRegexp writes re as RE2 source with each case-folded literal in its own (?i:) group:
// syntax.Regexp.String works out which flags neighbouring nodes share, which on the large
// classes of a grammar (`[^"'<>]`) was most of the planner's time.
func writeRegexp(b *strings.Builder, re *syntax.Regexp) {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			b.WriteString("(?i:")
		}
		for _, r := range re.Rune {
			writeRune(b, r, false)
		}
		if re.Flags&syntax.FoldCase != 0 {
			b.WriteString(")")
		}
	case syntax.OpCharClass:
		b.WriteString("[")
		for i := 0; i+1 < len(re.Rune); i += 2 {
			writeRune(b, re.Rune[i], true)
			if re.Rune[i+1] != re.Rune[i] {
				b.WriteString("-")
				writeRune(b, re.Rune[i+1], true)
			}
		}
		b.WriteString("]")
	case syntax.OpCapture:
		writeRegexp(b, re.Sub[0])
	case syntax.OpConcat:
		for _, s := range re.Sub {
			writeGrouped(b, s, s.Op == syntax.OpAlternate)
		}
	case syntax.OpAlternate:
		b.WriteString("(?:")
		for i, s := range re.Sub {
			if i > 0 {
				b.WriteString("|")
			}
			writeRegexp(b, s)
		}
		b.WriteString(")")
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		sub := re.Sub[0]
		single := sub.Op == syntax.OpCharClass || sub.Op == syntax.OpAnyChar || sub.Op == syntax.OpAnyCharNotNL ||
			sub.Op == syntax.OpLiteral && len(sub.Rune) == 1 && sub.Flags&syntax.FoldCase == 0
		writeGrouped(b, sub, !single)
		switch re.Op {
		case syntax.OpStar:
			b.WriteString("*")
		case syntax.OpPlus:
			b.WriteString("+")
		case syntax.OpQuest:
			b.WriteString("?")
		default:
			if re.Max < 0 {
				fmt.Fprintf(b, "{%d,}", re.Min)
			} else {
				fmt.Fprintf(b, "{%d,%d}", re.Min, re.Max)
			}
		}
		if re.Flags&syntax.NonGreedy != 0 {
			b.WriteString("?")
		}
	case syntax.OpAnyCharNotNL:
		b.WriteString("(?-s:.)")
	case syntax.OpAnyChar:
		b.WriteString("(?s:.)")
	case syntax.OpBeginLine:
		b.WriteString("(?m:^)")
	case syntax.OpEndLine:
		b.WriteString("(?m:$)")
	case syntax.OpBeginText:
		b.WriteString(`\A`)
	case syntax.OpEndText:
		b.WriteString(`\z`)
	case syntax.OpWordBoundary:
		b.WriteString(`\b`)
	case syntax.OpNoWordBoundary:
		b.WriteString(`\B`)
	case syntax.OpEmptyMatch:
		b.WriteString("(?:)")
	default: // OpNoMatch
		b.WriteString(`[^\x00-\x{10ffff}]`)
	}
}

func writeGrouped(b *strings.Builder, re *syntax.Regexp, group bool) {
	if group && re.Op != syntax.OpAlternate { // an alternation groups itself
		b.WriteString("(?:")
		writeRegexp(b, re)
		b.WriteString(")")
		return
	}
	writeRegexp(b, re)
}

// writeRune writes r as itself when it is printable ASCII without a meaning in a regexp (in
// a class: in a class), escaped otherwise.
func writeRune(b *strings.Builder, r rune, inClass bool) {
	special := `\.+*?()|[]{}^$`
	if inClass {
		special = `\]-^[`
	}
	switch {
	case r > ' ' && r < 0x7f && !strings.ContainsRune(special, r):
		b.WriteRune(r)
	case r > ' ' && r < 0x7f:
		b.WriteByte('\\')
		b.WriteRune(r)
	default:
		fmt.Fprintf(b, `\x{%x}`, r)
	}
}

func regexpSource(re *syntax.Regexp) string {
	var b strings.Builder
	writeRegexp(&b, re)
	return b.String()
}
