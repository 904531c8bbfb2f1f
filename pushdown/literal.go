package pushdown

import (
	"fmt"
	"regexp/syntax"
	"slices"
	"sort"
	"strings"
)

// MinimalKeywords drops empty and duplicate keywords and every keyword that contains another
// one under the other's case rule, keeping the set of lines matched unchanged: a store that
// searches by keyword (Elasticsearch) is asked for fewer. The result is sorted for a stable
// query text.
func MinimalKeywords(exact, ignoreCase []string) ([]string, []string) {
	ex := uniq(exact)
	ic := uniq(ignoreCase)
	icLower := make([]string, len(ic))
	for i, k := range ic {
		icLower[i] = strings.ToLower(k)
	}
	keepIC := ic[:0:0]
	for i, k := range icLower {
		redundant := false
		for j, o := range icLower {
			// drop k if it contains o; among equal lowercased forms keep the first
			if j != i && strings.Contains(k, o) && (k != o || j < i) {
				redundant = true
				break
			}
		}
		if !redundant {
			keepIC = append(keepIC, ic[i])
		}
	}
	keepEx := ex[:0:0]
	for i, k := range ex {
		redundant := false
		for j, o := range ex {
			if j != i && strings.Contains(k, o) {
				redundant = true
				break
			}
		}
		lk := strings.ToLower(k)
		for _, o := range icLower {
			if strings.Contains(lk, o) {
				redundant = true
				break
			}
		}
		if !redundant {
			keepEx = append(keepEx, k)
		}
	}
	return keepEx, keepIC
}

func uniq(in []string) []string {
	seen := make(map[string]bool, len(in))
	out := make([]string, 0, len(in))
	for _, k := range in {
		if k != "" && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// Literal is a string a line must contain: byte for byte, or in any ASCII case when
// IgnoreCase is set. With Regex set, Text is instead an RE2 regular expression the line must
// match (unanchored, `.` matching newlines, as Loki runs it); IgnoreCase is then unset.
type Literal struct {
	Text       string
	IgnoreCase bool
	Regex      bool `json:",omitempty"`
}

// Clause is a disjunction: a line satisfies it when it contains at least one of its literals.
type Clause []Literal

// Folded counts the clause's case-insensitive literals (the costly kind of test for a store).
func (c Clause) Folded() int {
	n := 0
	for _, l := range c {
		if l.IgnoreCase {
			n++
		}
	}
	return n
}

// minimalClause drops duplicates and every literal that contains another literal of the
// clause (in every spelling): the clause keeps the same lines. Sorted for a stable query.
func minimalClause(c Clause) Clause {
	c = uniqClause(c)
	out := c[:0:0]
	for i, x := range c {
		redundant := false
		for j, y := range c {
			if i != j && literalContains(x, y) && !(literalContains(y, x) && j > i) {
				redundant = true
				break
			}
		}
		if !redundant {
			out = append(out, x)
		}
	}
	return out
}

func keywordClause(r Rule) Clause {
	c := make(Clause, 0, len(r.Keywords))
	for _, k := range r.Keywords {
		c = append(c, normLiteral(Literal{Text: k, IgnoreCase: r.IgnoreCase}))
	}
	return c
}

const maxClauseLiterals = 16

// requiredClauses lists clauses every match of re satisfies: a literal of the top-level
// sequence is a clause of its own; an alternation contributes, for each way of picking one
// clause per branch, the OR of the picked clauses. Empty-width assertions and optional or
// repeated-from-zero parts contribute nothing.
func requiredClauses(re *syntax.Regexp) []Clause {
	switch re.Op {
	case syntax.OpLiteral:
		l := normLiteral(Literal{Text: string(re.Rune), IgnoreCase: re.Flags&syntax.FoldCase != 0})
		return []Clause{{l}}
	case syntax.OpCapture, syntax.OpPlus:
		return requiredClauses(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return requiredClauses(re.Sub[0])
		}
	case syntax.OpConcat:
		var out []Clause
		for _, s := range re.Sub {
			out = append(out, requiredClauses(s)...)
		}
		return out
	case syntax.OpAlternate:
		out := []Clause{nil}
		for _, s := range re.Sub {
			branch := requiredClauses(s)
			if len(branch) == 0 {
				return nil
			}
			var next []Clause
			for _, a := range out {
				for _, b := range branch {
					// Branches often require the same literals (one key written three ways
					// around one credential word): a literal is listed once.
					c := append(Clause(nil), a...)
					for _, l := range b {
						if !slices.Contains(c, l) {
							c = append(c, l)
						}
					}
					if len(c) > maxClauseLiterals {
						continue
					}
					next = append(next, c)
				}
			}
			if len(next) == 0 {
				return nil
			}
			next = uniqClauses(next)
			if len(next) > 64 {
				// Each clause holds on its own: keeping a few loses choices, never soundness
				// (giving up on all of them lost the rule's shared literals). Keep the ones a
				// store can use: a clause with a one- or two-letter literal ("L" of a factored
				// "Lighton|LIGHTON") lets nearly every line through, while a longer one (a
				// credential word written three ways) is what many rules share.
				sort.SliceStable(next, func(i, j int) bool {
					if wi, wj := weakLiterals(next[i]), weakLiterals(next[j]); wi != wj {
						return wi < wj
					}
					return len(next[i]) < len(next[j])
				})
				next = next[:64]
			}
			out = next
		}
		return out
	}
	return nil
}

// normLiteral marks a literal without ASCII letters case-sensitive: it has one spelling.
func normLiteral(l Literal) Literal {
	if l.IgnoreCase {
		l.Text = strings.ToLower(l.Text)
		if l.Text == strings.ToUpper(l.Text) {
			l.IgnoreCase = false
		}
	}
	return l
}

// implies reports whether every line satisfying a satisfies b: each literal of a contains a
// literal of b, in every spelling a allows.
func implies(a, b Clause) bool {
	for _, x := range a {
		found := false
		for _, y := range b {
			found = found || literalContains(x, y)
		}
		if !found {
			return false
		}
	}
	return true
}

// literalContains: every occurrence of x in a line contains an occurrence of y.
func literalContains(x, y Literal) bool {
	return literalContainsLower(x, strings.ToLower(x.Text), y, strings.ToLower(y.Text))
}

// literalContainsLower is literalContains given both literals' lower-case texts (the
// pushdown planner lowers each literal once for thousands of pairs).
func literalContainsLower(x Literal, xLower string, y Literal, yLower string) bool {
	switch {
	case !x.IgnoreCase && !y.IgnoreCase:
		return strings.Contains(x.Text, y.Text)
	case y.IgnoreCase:
		return strings.Contains(xLower, yLower)
	default: // x in any case, y exact: only if y has no letters (normLiteral made it exact)
		return yLower == strings.ToUpper(y.Text) && strings.Contains(x.Text, y.Text)
	}
}

func uniqClause(c Clause) Clause {
	seen := map[Literal]bool{}
	out := make(Clause, 0, len(c))
	for _, l := range c {
		if !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Text != out[j].Text {
			return out[i].Text < out[j].Text
		}
		return !out[i].IgnoreCase && out[j].IgnoreCase
	})
	return out
}

// uniqClauses drops clauses listing the same literals as an earlier one (an alternation's
// branches often require the same literals, picked in another order).
func uniqClauses(cs []Clause) []Clause {
	seen := map[string]bool{}
	out := cs[:0]
	for _, c := range cs {
		var b strings.Builder
		for _, l := range uniqClause(c) {
			fmt.Fprintf(&b, "%t%q", l.IgnoreCase, l.Text)
		}
		if k := b.String(); !seen[k] {
			seen[k] = true
			out = append(out, c)
		}
	}
	return out
}

// weakLiterals counts a clause's literals of fewer than three letters or digits: substrings
// of almost every line, useless to a store.
func weakLiterals(c Clause) int {
	n := 0
	for _, l := range c {
		if len(l.Text) < 3 && strings.IndexFunc(l.Text, func(r rune) bool {
			return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
		}) >= 0 {
			n++
		}
	}
	return n
}
