package detector

import (
	"regexp/syntax"
	"strings"
	"unicode/utf8"

	"github.com/leakwatch/leakwatch/queries"
)

// A rule whose keyword is not in its key (lob's live_ in the value, cohere's co_api_ name, whose
// keyword is co_api_key) has no bound before its keyword: the separator between key and value
// is unbounded. Its matches may start anywhere before the rule's last keyword hit, and trying
// every start there costs a pass over the line when keywords sit at both its ends. But the
// key itself begins with a literal (the provider's name): anchors are such literals, one of
// which every match holds within its first reach bytes, found by a second small automaton
// over the range a hit allows, which then narrows to the starts near an anchor.
type anchors struct {
	pf    *prefilter
	reach int // a match starts at most reach bytes before the end of an anchor it holds
}

// ruleAnchors finds anchors for r's regex, or nil. An anchor matched in any case is also
// listed with each k and s spelt as the runes Go's case folding adds to them (the Kelvin sign,
// the long s), which the automaton's ASCII folding does not: a key spelt so may still hold its
// rule's keyword elsewhere (in its value).
func ruleAnchors(r *queries.Rule) *anchors {
	re, err := syntax.Parse(r.Regex, syntax.Perl)
	if err != nil {
		return nil
	}
	var parts []*syntax.Regexp
	flatten(re, &parts)
	lits, n, ok := anchorReach(parts, 0, anchorLit{})
	if !ok || len(lits) == 0 {
		return nil
	}
	exact := &queries.Rule{}
	folded := &queries.Rule{IgnoreCase: true}
	for _, l := range lits {
		if !l.fold {
			exact.Keywords = append(exact.Keywords, l.s)
			continue
		}
		vs, ok := foldVariants(l.s)
		if !ok {
			return nil
		}
		folded.Keywords = append(folded.Keywords, vs...)
	}
	return &anchors{pf: newPrefilter([]*queries.Rule{exact, folded}), reach: n}
}

// foldVariants is s with every k and s (any case) also spelt as its non-ASCII fold; ok is
// false for a string with other non-ASCII runes (their folds the automaton cannot match) or
// too many variants.
func foldVariants(s string) ([]string, bool) {
	if !isASCII(s) {
		return nil, false
	}
	out := []string{""}
	for i := 0; i < len(s); i++ {
		alts := []string{s[i : i+1]}
		switch lowerASCII(s[i]) {
		case 'k':
			alts = append(alts, "\u212a")
		case 's':
			alts = append(alts, "\u017f")
		}
		var next []string
		for _, a := range out {
			for _, b := range alts {
				next = append(next, a+b)
			}
		}
		if out = next; len(out) > 64 {
			return nil, false
		}
	}
	return out, true
}

type anchorLit struct {
	s    string
	fold bool
}

// anchorReach is the anchors of the sequence parts, after n bytes at most that end with the
// literal run (the literal text matched just before, "" when none), and the most bytes a
// match takes up to the end of the anchor it holds; ok is false when a branch has no literal
// of two runes or more before an unbounded part. Literals next to each other (the parser
// factors "fm1r|fo1" into "f(?:m1r|o1)") join into one run.
func anchorReach(parts []*syntax.Regexp, n int, run anchorLit) (lits []anchorLit, reach int, ok bool) {
	for i, p := range parts {
		switch p.Op {
		case syntax.OpAlternate:
			for _, alt := range p.Sub {
				var seq []*syntax.Regexp
				flatten(alt, &seq)
				l, m, ok := anchorReach(append(seq, parts[i+1:]...), n, run)
				if !ok {
					return nil, 0, false
				}
				lits, reach = append(lits, l...), max(reach, m)
			}
			return lits, reach, true
		case syntax.OpLiteral:
			run = joinRun(run, string(p.Rune), p.Flags&syntax.FoldCase != 0)
			n += maxLen(p)
			if utf8.RuneCountInString(run.s) >= 2 {
				return []anchorLit{run}, n, true
			}
			continue
		case syntax.OpRepeat, syntax.OpPlus:
			// x{n,m} of a literal x: its first n copies are text every match holds.
			min := p.Min
			if p.Op == syntax.OpPlus {
				min = 1
			}
			if sub := p.Sub[0]; sub.Op == syntax.OpLiteral && min >= 1 {
				head := joinRun(run, strings.Repeat(string(sub.Rune), min), sub.Flags&syntax.FoldCase != 0)
				if utf8.RuneCountInString(head.s) >= 2 {
					return []anchorLit{head}, n + min*maxLen(sub), true
				}
			}
		case syntax.OpEmptyMatch, syntax.OpWordBoundary, syntax.OpNoWordBoundary, syntax.OpBeginLine,
			syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText:
			continue // no text: the run goes on across it
		}
		m := maxLen(p)
		if m < 0 {
			return nil, 0, false
		}
		n += m
		run = anchorLit{}
	}
	return nil, 0, false
}

// joinRun is run followed by literal s: one run when both fold case alike, else s alone.
func joinRun(run anchorLit, s string, fold bool) anchorLit {
	if run.s != "" && run.fold == fold {
		return anchorLit{run.s + s, fold}
	}
	return anchorLit{s, fold}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// narrow is regs cut down to the starts near an anchor in text (window end we), appended to
// out.
func (a *anchors) narrow(text []byte, we int, regs []window, out []window) []window {
	for _, g := range regs {
		// A match starting at or before g.end holds its anchor within reach bytes of its start.
		lo, hi := g.start, min(we, g.end+a.reach)
		open := false
		var cur window
		a.pf.scan(text[lo:hi], func(_ *kwEntry, as, ae int) {
			s, e := max(g.start, lo+ae-a.reach), min(g.end, lo+as)
			if s > e {
				return
			}
			if open && s <= cur.end+1 {
				cur.end = max(cur.end, e)
				return
			}
			if open {
				out = append(out, cur)
			}
			cur, open = window{rule: g.rule, start: s, end: e}, true
		})
		if open {
			out = append(out, cur)
		}
	}
	return out
}
