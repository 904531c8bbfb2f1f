package detector

import (
	"regexp/syntax"
	"strings"

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

// ruleAnchors finds anchors for r's regex, or nil. Anchors matched in any case are refused
// when they hold a letter Go folds to a non-ASCII rune (k, s): the automaton folds ASCII only,
// and a key spelt with the Kelvin sign still holds its keyword elsewhere (in the value).
func ruleAnchors(r *queries.Rule) *anchors {
	re, err := syntax.Parse(r.Regex, syntax.Perl)
	if err != nil {
		return nil
	}
	var parts []*syntax.Regexp
	flatten(re, &parts)
	lits, n, ok := anchorReach(parts, 0)
	if !ok || len(lits) == 0 {
		return nil
	}
	exact := &queries.Rule{}
	folded := &queries.Rule{IgnoreCase: true}
	for _, l := range lits {
		if l.fold {
			folded.Keywords = append(folded.Keywords, l.s)
		} else {
			exact.Keywords = append(exact.Keywords, l.s)
		}
	}
	return &anchors{pf: newPrefilter([]*queries.Rule{exact, folded}), reach: n}
}

type anchorLit struct {
	s    string
	fold bool
}

// anchorReach is the anchors of the sequence parts, after n bytes at most, and the most
// bytes a match takes up to the end of the anchor it holds; ok is false when a branch has no
// literal of two runes or more before an unbounded part.
func anchorReach(parts []*syntax.Regexp, n int) (lits []anchorLit, reach int, ok bool) {
	for i, p := range parts {
		switch p.Op {
		case syntax.OpAlternate:
			for _, alt := range p.Sub {
				var seq []*syntax.Regexp
				flatten(alt, &seq)
				l, m, ok := anchorReach(append(seq, parts[i+1:]...), n)
				if !ok {
					return nil, 0, false
				}
				lits, reach = append(lits, l...), max(reach, m)
			}
			return lits, reach, true
		case syntax.OpLiteral:
			if len(p.Rune) >= 2 {
				fold := p.Flags&syntax.FoldCase != 0
				s := string(p.Rune)
				if fold && (strings.ContainsAny(strings.ToLower(s), "ks") || !isASCII(s)) {
					return nil, 0, false
				}
				return []anchorLit{{s, fold}}, n + maxLen(p), true
			}
		}
		m := maxLen(p)
		if m < 0 {
			return nil, 0, false
		}
		n += m
	}
	return nil, 0, false
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
