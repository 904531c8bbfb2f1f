package detector

import (
	"regexp/syntax"
	"unicode"
	"unicode/utf8"

	"github.com/leakwatch/leakwatch/queries"
)

// prefilter finds every occurrence of every rule keyword in a line in one pass: an
// Aho-Corasick automaton over the keywords lowered to ASCII lower case, compiled to a dense
// DFA over byte classes. Input bytes are folded to lower case through the class table, so a
// scan neither copies nor allocates. Case-sensitive keywords are confirmed byte for byte
// after a hit.
type prefilter struct {
	// class maps an input byte (already folded) to its equivalence class; bytes that occur in
	// no keyword share class 0.
	class [256]byte
	nc    int
	// delta[row+class] is the next state's row (state*nc), with outFlag set when that state
	// ends at least one keyword.
	delta []uint32
	// outs[outStart[s]:outStart[s+1]] are the keyword entries ending in state s (its own and
	// those of its dictionary suffixes).
	outStart []int32
	outs     []int32
	entries  []kwEntry
}

const outFlag = 1 << 31

// kwEntry is one rule keyword.
type kwEntry struct {
	rule  int32
	n     int32  // keyword length
	exact string // non-empty for case-sensitive keywords: the bytes to confirm
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// newPrefilter compiles the rules' keywords: a trie, byte classes, failure links, then the
// dense DFA with its output sets.
func newPrefilter(rules []*queries.Rule) *prefilter {
	p := &prefilter{}
	nodes := p.buildTrie(rules)
	classOf := p.setClasses(nodes)
	goTo, order := linkFailures(nodes, classOf, p.nc)
	p.setOutputs(nodes, goTo, order)
	return p
}

// trieNode is a node of the keyword trie while the automaton is built.
type trieNode struct {
	next map[byte]int32
	out  []int32 // entries ending here
	fail int32
}

// buildTrie adds every rule keyword to p.entries and to a trie over the lowered keywords.
// Identical lowered keywords share a node and list several entries.
func (p *prefilter) buildTrie(rules []*queries.Rule) []trieNode {
	nodes := []trieNode{{next: map[byte]int32{}}}
	for ri, r := range rules {
		for _, k := range r.Keywords {
			e := kwEntry{rule: int32(ri), n: int32(len(k))}
			if !r.IgnoreCase {
				e.exact = k
			}
			p.entries = append(p.entries, e)
			s := int32(0)
			for i := 0; i < len(k); i++ {
				c := lowerASCII(k[i])
				nx, ok := nodes[s].next[c]
				if !ok {
					nx = int32(len(nodes))
					nodes = append(nodes, trieNode{next: map[byte]int32{}})
					nodes[s].next[c] = nx
				}
				s = nx
			}
			nodes[s].out = append(nodes[s].out, int32(len(p.entries)-1))
		}
	}
	return nodes
}

// setClasses gives one byte class to each distinct byte used in a keyword, shared by its
// upper-case form, and returns the class of each (lowered) byte.
func (p *prefilter) setClasses(nodes []trieNode) (classOf [256]byte) {
	used := [256]bool{}
	for _, n := range nodes {
		for c := range n.next {
			used[c] = true
		}
	}
	nc := 1
	for c := 0; c < 256; c++ {
		if used[c] {
			classOf[c] = byte(nc)
			nc++
		}
	}
	for c := 0; c < 256; c++ {
		p.class[c] = classOf[lowerASCII(byte(c))]
	}
	p.nc = nc
	return classOf
}

// linkFailures sets the failure links breadth-first and returns the full transition table
// (goTo[state*nc+class]) and the states in BFS order. kids holds each node's edges by class
// (at most one per class), read once from its map: iterating maps per class made this most
// of a detector's start-up.
func linkFailures(nodes []trieNode, classOf [256]byte, nc int) (goTo, order []int32) {
	goTo = make([]int32, len(nodes)*nc)
	kids := make([]int32, nc)
	order = []int32{0}
	for i := 0; i < len(order); i++ {
		s := order[i]
		for cl := range kids {
			kids[cl] = -1
		}
		for c, t := range nodes[s].next {
			kids[classOf[c]] = t
		}
		for cl := 0; cl < nc; cl++ {
			nx := kids[cl]
			if nx >= 0 {
				if s == 0 {
					nodes[nx].fail = 0
				} else {
					nodes[nx].fail = goTo[int(nodes[s].fail)*nc+cl]
				}
				goTo[int(s)*nc+cl] = nx
				order = append(order, nx)
			} else if s == 0 {
				goTo[cl] = 0
			} else {
				goTo[int(s)*nc+cl] = goTo[int(nodes[s].fail)*nc+cl]
			}
		}
	}
	return goTo, order
}

// setOutputs fills the output sets (in BFS order: a node's outputs plus its failure node's,
// already complete) and the dense DFA, flagging the states that end a keyword.
func (p *prefilter) setOutputs(nodes []trieNode, goTo, order []int32) {
	outsOf := make([][]int32, len(nodes))
	for _, s := range order {
		o := append([]int32(nil), nodes[s].out...)
		if s != 0 {
			o = append(o, outsOf[nodes[s].fail]...)
		}
		outsOf[s] = o
	}
	p.outStart = make([]int32, len(nodes)+1)
	for s := range nodes {
		p.outStart[s] = int32(len(p.outs))
		p.outs = append(p.outs, outsOf[s]...)
	}
	p.outStart[len(nodes)] = int32(len(p.outs))
	p.delta = make([]uint32, len(goTo))
	for i, t := range goTo {
		v := uint32(t) * uint32(p.nc)
		if len(outsOf[t]) > 0 {
			v |= outFlag
		}
		p.delta[i] = v
	}
}

// scan calls hit for every keyword occurrence text[start:end], in order of end: the one pass
// over a line that both the detector's windows and its tests are built on. hit is a closure
// the compiler keeps on the stack; it runs only on keyword hits, not per byte.
func (p *prefilter) scan(text []byte, hit func(e *kwEntry, start, end int)) {
	delta, class, nc := p.delta, &p.class, uint32(p.nc)
	row := uint32(0)
	for i, c := range text {
		row = delta[row+uint32(class[c])]
		if row&outFlag == 0 {
			continue
		}
		row &^= outFlag
		s := row / nc
		for _, ei := range p.outs[p.outStart[s]:p.outStart[s+1]] {
			e := &p.entries[ei]
			start := i + 1 - int(e.n)
			if e.exact != "" && string(text[start:i+1]) != e.exact {
				continue
			}
			hit(e, start, i+1)
		}
	}
}

// maxMatchLen is the longest text (in bytes) a regex can match, or -1 when unbounded or
// longer than limit.
func maxMatchLen(re *syntax.Regexp, limit int) int {
	n := maxLen(re)
	if n < 0 || n > limit {
		return -1
	}
	return n
}

func maxLen(re *syntax.Regexp) int {
	switch re.Op {
	case syntax.OpNoMatch, syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine,
		syntax.OpBeginText, syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return 0
	case syntax.OpLiteral:
		n := 0
		for _, r := range re.Rune {
			n += runeMaxLen(r, re.Flags&syntax.FoldCase != 0)
		}
		return n
	case syntax.OpCharClass:
		hi := rune(0)
		for i := 1; i < len(re.Rune); i += 2 {
			hi = max(hi, re.Rune[i])
		}
		return utf8Len(hi)
	case syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		return utf8.UTFMax
	case syntax.OpCapture:
		return maxLen(re.Sub[0])
	case syntax.OpQuest:
		return maxLen(re.Sub[0])
	case syntax.OpStar, syntax.OpPlus:
		if maxLen(re.Sub[0]) == 0 {
			return 0
		}
		return -1
	case syntax.OpRepeat:
		m := maxLen(re.Sub[0])
		if m == 0 {
			return 0
		}
		if m < 0 || re.Max < 0 {
			return -1
		}
		return m * re.Max
	case syntax.OpConcat:
		n := 0
		for _, s := range re.Sub {
			m := maxLen(s)
			if m < 0 {
				return -1
			}
			n += m
		}
		return n
	case syntax.OpAlternate:
		n := 0
		for _, s := range re.Sub {
			m := maxLen(s)
			if m < 0 {
				return -1
			}
			n = max(n, m)
		}
		return n
	}
	return -1
}

// utf8Len is the encoded length of r; invalid bytes match as U+FFFD one byte at a time, so a
// class reaching U+FFFD costs at most 3 bytes per repetition, covered by this bound.
func utf8Len(r rune) int {
	if n := utf8.RuneLen(r); n > 0 {
		return n
	}
	return utf8.UTFMax
}

func runeMaxLen(r rune, fold bool) int {
	n := utf8Len(r)
	if fold {
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			n = max(n, utf8Len(f))
		}
	}
	return n
}

// assertsEdge reports whether the regex uses one of the given line or text edge assertions,
// which a window cut out of the line would evaluate at the wrong place.
func assertsEdge(re *syntax.Regexp, ops ...syntax.Op) bool {
	for _, op := range ops {
		if re.Op == op {
			return true
		}
	}
	for _, s := range re.Sub {
		if assertsEdge(s, ops...) {
			return true
		}
	}
	return false
}

// prefixReach finds a short leading part of an unbounded regex in which every match already
// contains one of the rule's keywords (a scheme like (?i:https?)://, a literal prefix, the
// key of a name-then-value rule), by enumerating the strings that part can match. It returns
// that part's maximal length (so a match starts at most that far before the end of a keyword
// hit), or -1.
//
// An alternation is followed branch by branch, each with what comes after it: the grammar's
// `(?:--NAME\s+|\bNAME sep)value` holds its keyword early in both branches, though the
// alternation as a whole is unbounded.
func prefixReach(re *syntax.Regexp, r *queries.Rule) int {
	var parts []*syntax.Regexp
	flatten(re, &parts)
	budget := enumLimit * 16
	return seqReach(parts, []string{""}, 0, r, &budget)
}

// seqReach is prefixReach for the sequence parts, after a prefix that can match strs (at
// most n bytes). budget bounds the strings made in all, over every branch followed.
func seqReach(parts []*syntax.Regexp, strs []string, n int, r *queries.Rule, budget *int) int {
	for i, p := range parts {
		if p.Op == syntax.OpAlternate {
			worst := 0
			for _, alt := range p.Sub {
				var seq []*syntax.Regexp
				flatten(alt, &seq)
				m := seqReach(append(seq, parts[i+1:]...), strs, n, r, budget)
				if m < 0 {
					return -1
				}
				worst = max(worst, m)
			}
			return worst
		}
		m := maxLen(p)
		if m < 0 {
			return -1
		}
		ps, ok := enumerate(p, enumLimit, r.IgnoreCase)
		if !ok || len(strs)*len(ps) > enumLimit || *budget < len(strs)*len(ps) {
			return -1
		}
		*budget -= len(strs) * len(ps)
		// The strings of the growing prefix are extended part by part (the cross product
		// enumerate's OpConcat makes), not enumerated again from the start for every part.
		next := make([]string, 0, len(strs)*len(ps))
		for _, a := range strs {
			for _, b := range ps {
				next = append(next, a+b)
			}
		}
		strs, n = next, n+m
		all := len(strs) > 0
		for _, s := range strs {
			all = all && r.KeywordMatches(s)
		}
		if all {
			return n
		}
	}
	return -1
}

// lowerUnique is strs lowered to ASCII lower case, without repeats.
func lowerUnique(strs []string) []string {
	seen := make(map[string]bool, len(strs))
	out := strs[:0]
	for _, s := range strs {
		b := []byte(s)
		for i, c := range b {
			b[i] = lowerASCII(c)
		}
		if l := string(b); !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	return out
}

// flatten lists the top-level sequence of a regex, looking through captures and concats.
func flatten(re *syntax.Regexp, out *[]*syntax.Regexp) {
	switch re.Op {
	case syntax.OpCapture:
		flatten(re.Sub[0], out)
	case syntax.OpConcat:
		for _, s := range re.Sub {
			flatten(s, out)
		}
	default:
		*out = append(*out, re)
	}
}

const enumLimit = 4096

// enumerate lists every string re can match (empty-width assertions ignored, which only adds
// strings), or ok=false when there are more than limit. With lower, ASCII letters are listed
// in lower case only: for a rule whose keywords match in any ASCII case one spelling of each
// string is enough, which keeps a long folded name ((?i:secret_access_key)) from multiplying.
func enumerate(re *syntax.Regexp, limit int, lower bool) (strs []string, ok bool) {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText,
		syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return []string{""}, true
	case syntax.OpLiteral:
		out := []string{""}
		for _, c := range re.Rune {
			if out, ok = cross(out, literalVariants(c, re.Flags&syntax.FoldCase != 0, lower), limit); !ok {
				return nil, false
			}
		}
		return out, true
	case syntax.OpCharClass:
		var out []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for c := re.Rune[i]; c <= re.Rune[i+1]; c++ {
				if len(out) >= limit {
					return nil, false
				}
				out = append(out, string(c))
			}
		}
		if lower {
			out = lowerUnique(out)
		}
		return out, true
	case syntax.OpCapture:
		return enumerate(re.Sub[0], limit, lower)
	case syntax.OpQuest:
		s, ok := enumerate(re.Sub[0], limit-1, lower)
		return append(s, ""), ok
	case syntax.OpAlternate:
		return enumerateEach(re.Sub, limit, lower)
	case syntax.OpConcat:
		out := []string{""}
		for _, sub := range re.Sub {
			s, ok := enumerate(sub, limit, lower)
			if !ok {
				return nil, false
			}
			if out, ok = cross(out, s, limit); !ok {
				return nil, false
			}
		}
		return out, true
	case syntax.OpRepeat:
		if re.Max < 0 || re.Max > 8 {
			return nil, false
		}
		var alts []*syntax.Regexp
		for n := re.Min; n <= re.Max; n++ {
			subs := make([]*syntax.Regexp, n)
			for i := range subs {
				subs[i] = re.Sub[0]
			}
			alts = append(alts, &syntax.Regexp{Op: syntax.OpConcat, Sub: subs})
		}
		return enumerateEach(alts, limit, lower)
	}
	return nil, false
}

// literalVariants is c, and with fold its other ASCII cases (with lower, an ASCII letter's
// lower case alone). ASCII case only: the Rule contract is ASCII case-insensitive, so the
// Unicode folds Go also accepts (K KELVIN SIGN for k, ſ LONG S for s) lie outside it like
// any other keyword-less match.
func literalVariants(c rune, fold, lower bool) []string {
	if lower && c < utf8.RuneSelf {
		return []string{string(lowerASCII(byte(c)))}
	}
	variants := []string{string(c)}
	if fold {
		for f := unicode.SimpleFold(c); f != c; f = unicode.SimpleFold(f) {
			if f < utf8.RuneSelf || c >= utf8.RuneSelf {
				variants = append(variants, string(f))
			}
		}
	}
	return variants
}

// cross is every a+b of a in out and b in s, or ok=false when there would be more than
// limit.
func cross(out, s []string, limit int) ([]string, bool) {
	if len(out)*len(s) > limit {
		return nil, false
	}
	var next []string
	for _, a := range out {
		for _, b := range s {
			next = append(next, a+b)
		}
	}
	return next, true
}

// enumerateEach lists the strings of each alternative in turn, within limit in all.
func enumerateEach(alts []*syntax.Regexp, limit int, lower bool) ([]string, bool) {
	var out []string
	for _, sub := range alts {
		s, ok := enumerate(sub, limit-len(out), lower)
		if !ok {
			return nil, false
		}
		out = append(out, s...)
	}
	return out, true
}

// requiredLiterals lists the case-sensitive literals of the regex's top-level sequence: every
// match contains each of them.
func requiredLiterals(re *syntax.Regexp) [][]byte {
	var parts []*syntax.Regexp
	flatten(re, &parts)
	var out [][]byte
	for _, p := range parts {
		if p.Op == syntax.OpLiteral && p.Flags&syntax.FoldCase == 0 {
			out = append(out, []byte(string(p.Rune)))
		}
	}
	return out
}
