// Package pushdown plans what a log store is asked to filter on so that it returns every line
// a rule could report, and as few others as it can afford: the store-independent Plan (stages
// of literals, and the rules' own keywords), chosen by Build under a CostModel calibrated on a
// real Loki, over a sample of ordinary logs that ships with the package (Background).
// Rendering a plan is the backends' (sources/loki, sources/elasticsearch).
//
// The package imports no other leakwatch package: it reads of a rule only what Rule holds, so
// the stores that render a Plan do not depend on the rule catalogue.
package pushdown

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"regexp/syntax"
	"sort"
	"strings"
)

// Plan is the store-independent pushdown: what a log store is asked to filter on so that it
// returns every line a rule could report, and as few others as it can afford.
//
// Stages are ANDed; each stage is a Clause (an OR of literals). Every line on which any
// planned rule can report a finding satisfies every stage. Stores that can evaluate such a
// conjunction (Loki chains line filters) render it whole; stores that search by keyword
// (Elasticsearch) use Keywords.
type Plan struct {
	Stages []Clause
	// Keywords are the planned rules' own keywords (deduplicated), the other form of the same
	// guarantee: every line a rule reports contains one of them.
	Keywords []Literal
	// Covers says, per rule, which literals of the first stage its lines ride on.
	Covers []RuleCover
	// Estimate is the modelled cost of the plan, in units of one plain pass over the window.
	Estimate PlanEstimate
}

// RuleCover names the first-stage literals that every line a rule can report contains one of.
type RuleCover struct {
	RuleID   string
	Literals []Literal
}

// PlanEstimate is the cost model's view of a plan (see CostModel).
type PlanEstimate struct {
	// Cost is the store's modelled time for the plan over a window, as a multiple of the
	// floor (one pass reading every line once).
	Cost float64
	// Returned is the estimated fraction of lines the plan lets through.
	Returned float64
	// Literals counts the literal tests per line, case-insensitive ones and regexes
	// separately.
	Literals, FoldLiterals, Regexes int
}

// Empty reports whether the plan filters nothing (every line is wanted).
func (p *Plan) Empty() bool { return p == nil || len(p.Stages) == 0 }

// Keep evaluates the plan on a line: every stage must hold. Case-insensitive literals fold
// ASCII letters only, as Loki's substring filter and the detector's keyword search do.
func (p *Plan) Keep(line []byte) bool {
	if p.Empty() {
		return true
	}
	var lower []byte
	for _, st := range p.Stages {
		ok := false
		for _, l := range st {
			if l.Regex {
				// Compiled per call: Keep checks plans in tests and explain, never per line of
				// a scan (the store evaluates the stages).
				re, err := regexp.Compile("(?s)" + l.Text)
				ok = err != nil || re.Match(line) // a regex that does not compile filters nothing
			} else if l.IgnoreCase {
				if lower == nil {
					lower = asciiLower(line)
				}
				ok = bytes.Contains(lower, []byte(l.Text))
			} else {
				ok = bytes.Contains(line, []byte(l.Text))
			}
			if ok {
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func asciiLower(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		out[i] = lowerASCII(c)
	}
	return out
}

// Rule is what the planner reads of a detection rule (queries.Rule): its keywords, their case
// rule and its regex, which every line the rule reports satisfies (queries.Rule's contract).
type Rule struct {
	ID         string
	Keywords   []string
	IgnoreCase bool
	Regex      string
}

// RulesDigest identifies what a plan depends on in a rule set: each rule's id, keywords,
// case rule and regex (the order of rules does not matter).
func RulesDigest(rules []Rule) string {
	parts := make([]string, len(rules))
	for i, r := range rules {
		parts[i] = fmt.Sprintf("%q %q %t %q", r.ID, r.Keywords, r.IgnoreCase, r.Regex)
	}
	sort.Strings(parts)
	h := sha256.Sum256([]byte(strings.Join(parts, "\n")))
	return hex.EncodeToString(h[:])
}

// planRule is a rule with its clauses: its keywords, then each clause its regex requires.
// Every line the rule reports satisfies every clause.
type planRule struct {
	rule    Rule
	clauses []Clause
}

// Build plans the pushdown for rules under model m.
//
// A line can hold a finding of rule r only if it contains one of r's keywords, and every
// literal r's regex requires (the "@" of a URI with credentials). Any substring of such a
// literal is then in the line too: so the plan may ride on short literals shared by many
// rules ("xox" for every Slack token, "-----BEGIN " for every PEM key, "://" for every
// URI scheme) as long as every rule has a clause each of whose literals contains one of the
// stage's literals. Choosing them is a weighted set cover: each literal costs a test on every
// line, and lets through the lines of the sample that contain it. A greedy cover with pruning
// and a swap pass finds a cheap stage; a second stage, paid only on the lines the first lets
// through, narrows what comes back when that is cheaper.
func Build(rules []Rule, m CostModel) Plan {
	var p Plan
	if len(rules) == 0 {
		return p
	}
	seen := map[Literal]bool{}
	prs := make([]planRule, 0, len(rules))
	for _, r := range rules {
		kw := keywordClause(r)
		for _, k := range kw {
			if !seen[k] {
				seen[k] = true
				p.Keywords = append(p.Keywords, k)
			}
		}
		prs = append(prs, planRule{rule: r, clauses: append([]Clause{kw}, regexClauses(r, kw)...)})
	}
	if m.RegexInst > 0 {
		// A rule's context regexes are clauses of regex literals: a stage may hold them in
		// place of the rule's words (see contextRegexes).
		for i := range prs {
			for _, group := range contextRegexes(prs[i].rule.Regex) {
				c := make(Clause, len(group))
				for j, re := range group {
					c[j] = Literal{Text: re, Regex: true}
				}
				prs[i].clauses = append(prs[i].clauses, c)
			}
		}
	}
	sortLiterals(p.Keywords)
	pl := newPlanner(prs, m)
	all := pl.all()

	// No filter at all is a plan too: one pass, every line sent back.
	best := [][]int{}
	bestCost := m.unfiltered()
	try := func(stages [][]int) {
		if c := pl.planCost(stages); c < bestCost-1e-12 {
			best, bestCost = stages, c
		}
	}
	for _, k := range coverCharges {
		charge := k * m.Literal
		// One stage: the cheapest cover when every line it lets through is sent back.
		precise := pl.cover(all, 1, m.Returned, charge)
		if precise == nil {
			return p // cannot happen: every keyword covers itself
		}
		try([][]int{precise})
		// Two stages: a broad first stage of few short literals, and the precise one run only on
		// what the first lets through. A line passing the first stage then costs the second
		// stage's tests (and, rarely, being sent back) rather than being sent back: the first
		// stage is planned at that price, for a few guesses of how often lines pass both.
		if m.MaxStages >= 2 {
			t2 := pl.testCost(precise)
			for _, q := range []float64{0, 0.2} {
				broad := pl.cover(all, 1, t2+q*m.Returned, charge)
				if broad == nil {
					continue
				}
				mask := pl.pass(all, broad)
				second := pl.cover(mask, pl.fraction(mask), m.Returned, charge)
				if second == nil {
					continue
				}
				try([][]int{broad, second})
				try([][]int{broad})
			}
		}
	}
	for i, lits := range best {
		stage := make(Clause, len(lits))
		for j, id := range lits {
			stage[j] = pl.cands[id].lit
		}
		sortLiterals(stage)
		p.Stages = append(p.Stages, stage)
		if i == 0 {
			p.Covers = pl.covers(lits)
		}
	}
	p.Estimate = pl.estimate(best)
	return p
}

// coverCharges are the starts Build plans from, each charging a substring literal that many
// times the model's fixed cost of one test on top of its own while the greedy ranks
// candidates (see planner.cover), and keeps the cheapest plan. Ranked by true costs alone,
// the greedy takes many literals that each cover a rule or two where fewer literals shared by
// more rules cost less in all: a test's fixed part is paid on every line, and a rare first
// byte saves only the rest. On the built-in catalogue the start charged 3 tests gave a first
// stage of 152 literals instead of 184, modelled 7.31 floors against 8.01, and measured on
// Loki 3.7.6 0.89 of the plan from the uncharged start (docs/pushdown-loki.md); on random
// subsets of 5 to 150 rules the cheapest start was as cheap as the uncharged one or up to 3 %
// cheaper. Each charged start takes about a quarter of the uncharged one's time (no swaps).
var coverCharges = []float64{0, 1, 2, 3}

// sortLiterals orders a stage for a stable query text, regexes first: on Loki 3.7.6 the same
// stage cost about 2 floors more with its regexes after its substring alternatives than
// before them (docs/pushdown-loki.md; why is not established).
func sortLiterals(c Clause) {
	sort.Slice(c, func(i, j int) bool {
		if c[i].Regex != c[j].Regex {
			return c[i].Regex
		}
		if c[i].Text != c[j].Text {
			return c[i].Text < c[j].Text
		}
		return !c[i].IgnoreCase && c[j].IgnoreCase
	})
}

// regexClauses are the clauses r's regex requires beyond its keywords.
func regexClauses(r Rule, kw Clause) []Clause {
	re, err := syntax.Parse(r.Regex, syntax.Perl)
	if err != nil {
		return nil
	}
	var out []Clause
	for _, c := range requiredClauses(re) {
		if len(c) > 0 && !implies(kw, c) {
			out = append(out, minimalClause(c))
		}
	}
	return out
}

// foldSafe reports whether a case-insensitive literal taken from a regex (not from the
// keywords) may stand for it in a store: Go's (?i) also matches ſ for s and the Kelvin sign
// for k, which a store folding ASCII case would not find, so such a literal must avoid both
// letters. Keywords are matched by the detector in ASCII case only and need no such care.
func foldSafe(l Literal) bool {
	return !l.IgnoreCase || !strings.ContainsAny(l.Text, "sk")
}
