package detector

import (
	"io"
	"regexp"
	"regexp/syntax"
	"unicode/utf8"
)

// A keyword rule's match contains one of its keywords, so it starts at or before the start of
// the rule's last keyword hit on the line, and (with a bounded reach before the keyword) at
// most reach.before bytes before a hit's end: its start ranges, grown hit by hit in
// Detector.hit. Each rule's regex runs from those starts only (pike.go), where Go's regexp,
// unanchored, starts an attempt at every byte to the end of its window: a line holding every
// keyword once, then a megabyte of filler, cost every rule whose separator is `\s*` a pass
// over the megabyte.

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

// runStarts finds rule ri's matches in window w that start in one of the ranges regs (sorted,
// inside w), as the rule's regex run over text[w.start:w.end] finds them (leftmost first,
// each search resuming at the previous match's end) when every match starts in a range.
func (d *Detector) runStarts(ri int, text []byte, w window, regs []window, skip int, emit func(Finding), fb *fallbacks) {
	r, l := d.rules[ri], d.prep(ri)
	if l.anchors != nil {
		regs = l.anchors.narrow(text, w.end, regs, nil)
	}
	d.emitVM(ri, r, l, text, text[:w.end], 0, w.start, regs, skip, emit, fb)
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
