package detector

import (
	"io"
	"regexp"
	"regexp/syntax"
	"unicode/utf8"
)

// A keyword rule's match contains one of its keywords, so it starts at or before the start of
// the last keyword hit of the rule on the line, and (with a bounded reach before the keyword)
// at most reach.before bytes before a hit's end. An unanchored search over the rest of the
// line would keep starting new attempts at every byte up to the line's end, long after the
// last place a match can begin: a line holding every keyword once, then a megabyte of filler,
// cost every rule whose separator is `\s*` a pass over the megabyte.
//
// So each rule's search tries only the starts its hits allow (its start ranges), chunkRunes at
// a time, with a regex that is anchored and begins its match within the chunk; a match
// started there still runs to its end, as far down the line as it reaches.

// chunkRunes is how many start positions one anchored search covers. Most start ranges are a
// few bytes around one keyword; a long range (hits close together) is covered in steps.
const chunkRunes = 16

// startRegexes are rule regex re as searches that begin a match within chunkRunes runes of
// where they start: c0 at the line's start, c after one byte of context (the byte before the
// first start, for \b and \B). The rule's groups are theirs shifted by one: group 1 is the
// whole match.
func startRegexes(re string) (c0, c *regexp.Regexp) {
	starts := `(?s:.){0,` + itoa(chunkRunes-1) + `}?`
	return regexp.MustCompile(`^` + starts + `(` + re + `)`), regexp.MustCompile(`^(?s:.)` + starts + `(` + re + `)`)
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// canMatchEmpty reports whether the regex may match the empty string somewhere: its searches
// then keep the whole-window search, whose stepping over empty matches they do not copy.
func canMatchEmpty(pattern string) bool {
	re, err := syntax.Parse(pattern, syntax.Perl)
	return err != nil || minLen(re) == 0
}

func minLen(re *syntax.Regexp) int {
	switch re.Op {
	case syntax.OpLiteral:
		return len(string(re.Rune))
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return 1
	case syntax.OpCapture, syntax.OpPlus:
		return minLen(re.Sub[0])
	case syntax.OpRepeat:
		return re.Min * minLen(re.Sub[0])
	case syntax.OpConcat:
		n := 0
		for _, s := range re.Sub {
			n += minLen(s)
		}
		return n
	case syntax.OpAlternate:
		n := -1
		for _, s := range re.Sub {
			if m := minLen(s); n < 0 || m < n {
				n = m
			}
		}
		return max(n, 0)
	}
	return 0 // assertions, x*, x?, no-match
}

// runeStart is the first position at or after p where the regex engine, decoding the line
// from any earlier ASCII byte, starts a rune: a continuation byte is one only when no lead
// byte within three before it takes it in.
func runeStart(text []byte, p int) int {
	for p < len(text) && !utf8.RuneStart(text[p]) {
		q := p - 1
		for q >= 0 && q > p-4 && !utf8.RuneStart(text[q]) {
			q--
		}
		if q < 0 || q <= p-4 {
			return p // no lead within reach: p is a byte of its own
		}
		if _, w := utf8.DecodeRune(text[q:]); q+w <= p {
			return p
		}
		p++
	}
	return p
}

// nextRunes is p moved n runes on (or to the end of text).
func nextRunes(text []byte, p, n int) int {
	for ; n > 0 && p < len(text); n-- {
		if text[p] < utf8.RuneSelf {
			p++
			continue
		}
		_, w := utf8.DecodeRune(text[p:])
		p += w
	}
	return p
}

// maxStartSearches bounds the start searches one window takes. Each may read on past its
// starts as far as a match it began can run (a `\s*` over a run of spaces, curl's `.*?` to
// the line's end), where the whole-window search reads the window once: a window whose
// starts need more searches (hits spread over it, a rule with no bound before its keyword)
// is searched whole, as before start ranges, so no line costs more than that many times the
// whole-window search.
const maxStartSearches = 8

// startSearches is how many start searches ranges regs need.
func startSearches(regs []window) int {
	n := 0
	for _, g := range regs {
		n += (g.end-g.start)/chunkRunes + 1
	}
	return n
}

// runStarts finds rule ri's matches in window w that start in one of the ranges regs (sorted,
// inside w), as the rule's regex run over text[w.start:w.end] finds them (leftmost first,
// each search resuming at the previous match's end) when every match starts in a range.
func (d *Detector) runStarts(ri int, text []byte, w window, regs []window, skip int, emit func(Finding), fb *fallbacks) {
	r, l := d.rules[ri], d.prep(ri)
	from := w.start
	for _, g := range regs {
		p := max(g.start, from)
		for p <= g.end && p < w.end {
			p = runeStart(text, p)
			if p > g.end || p >= w.end {
				break
			}
			m, ok := d.startAt(l, text, p, w.end)
			if !ok {
				p = nextRunes(text, p, chunkRunes)
				continue
			}
			d.emitMatch(ri, r, l, text, m, skip, emit, fb)
			from, p = m[1], m[1]
		}
	}
}

// startAt runs l's start regex from text[p] to text[we]: the rule's first match beginning in
// the chunkRunes runes from p, as absolute offsets of the rule's groups (-1 for a group that
// did not take part).
func (d *Detector) startAt(l *lazyRule, text []byte, p, we int) ([]int, bool) {
	re, base := l.c0, 0
	if p > 0 {
		re, base = l.c, p-1
	}
	in := text[base:we]
	if d.work != nil {
		d.work.searches.Add(1)
		d.work.read.Add(int64(readLen(re, in)))
	}
	if !re.Match(in) {
		return nil, false
	}
	sm := re.FindSubmatchIndex(in)
	m := sm[2:]
	for i := range m {
		if m[i] >= 0 {
			m[i] += base
		}
	}
	return m, true
}

// readLen is how many bytes re reads of in when searching it (tests only: it runs the search
// again through a counting reader).
func readLen(re *regexp.Regexp, in []byte) int {
	c := &countingReader{b: in}
	re.MatchReader(c)
	return c.n
}

type countingReader struct {
	b []byte
	n int
}

func (c *countingReader) ReadRune() (rune, int, error) {
	if c.n >= len(c.b) {
		return 0, 0, io.EOF
	}
	r, w := utf8.DecodeRune(c.b[c.n:])
	c.n += w
	return r, w, nil
}
