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
	"math"
	"math/bits"
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
	// Literals counts the literal tests per line, case-insensitive ones separately.
	Literals, FoldLiterals int
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
			if l.IgnoreCase {
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

// CostModel prices a plan for a store that tests each line against each literal of a stage
// (Loki's line filters), in units of the floor: the store's time to read every line of the
// window once. Calibrated on a real Loki 3.7 (docs/pushdown-loki.md):
//   - Literal: one case-sensitive substring test on every line (`|= "a"`);
//   - FoldLiteral: one case-insensitive test (`|~ "(?i)a"`), a byte loop rather than a
//     vectorised search;
//   - Returned: sending one line back instead of dropping it, relative to reading it.
//
// A stage runs only on the lines that passed the stages before it.
type CostModel struct {
	Literal, FoldLiteral, Returned float64
	// Sample is a set of ordinary log lines (no secrets) on which literal frequencies are
	// measured. Without it every line is assumed to pass, so no filter pays for itself.
	Sample [][]byte
	// MaxStages bounds the chained stages (1 when 0).
	MaxStages int
}

// LokiCostModel is the model calibrated on a real Loki 3.7.6 (see docs/pushdown-loki.md).
func LokiCostModel(sample [][]byte) CostModel {
	return CostModel{Literal: lokiLiteralCost, FoldLiteral: lokiFoldLiteralCost, Returned: lokiReturnedCost, Sample: sample, MaxStages: 2}
}

// Calibration of LokiCostModel, in floors per line (see docs/pushdown-loki.md for the runs).
const (
	lokiLiteralCost     = 0.07
	lokiFoldLiteralCost = 0.31
	lokiReturnedCost    = 30
)

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
	sortLiterals(p.Keywords)
	pl := newPlanner(prs, m)
	all := pl.all()

	// No filter at all is a plan too: one pass, every line sent back.
	best := [][]int{}
	bestCost := 1 + m.Returned
	try := func(stages [][]int) {
		if c := pl.planCost(stages); c < bestCost-1e-12 {
			best, bestCost = stages, c
		}
	}
	// One stage: the cheapest cover when every line it lets through is sent back.
	precise := pl.cover(all, 1, m.Returned)
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
			broad := pl.cover(all, 1, t2+q*m.Returned)
			if broad == nil {
				continue
			}
			mask := pl.pass(all, broad)
			second := pl.cover(mask, pl.fraction(mask), m.Returned)
			if second == nil {
				continue
			}
			try([][]int{broad, second})
			try([][]int{broad})
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

// planCost is the modelled cost of stages of candidates, in floors.
func (pl *planner) planCost(stages [][]int) float64 { return pl.estimate(stages).Cost }

// estimate prices stages of candidates: each stage's tests on the share of lines reaching
// it, and the lines the last lets through, in the sample or by accident (see prior).
func (pl *planner) estimate(stages [][]int) PlanEstimate {
	mask := pl.all()
	est := PlanEstimate{Cost: 1}
	for _, st := range stages {
		est.Cost += pl.fraction(mask) * pl.testCost(st)
		mask = pl.pass(mask, st)
		for _, id := range st {
			if pl.cands[id].lit.IgnoreCase {
				est.FoldLiterals++
			} else {
				est.Literals++
			}
		}
	}
	est.Returned = pl.fraction(mask)
	accidental := 0.0
	if len(stages) > 0 {
		for _, id := range stages[len(stages)-1] {
			accidental += pl.cands[id].prior
		}
	}
	est.Cost += pl.m.Returned * (est.Returned + accidental)
	return est
}

// Estimate prices a given conjunction of stages under m (explain, and comparing plans).
func (m CostModel) Estimate(stages []Clause) PlanEstimate {
	pl := &planner{m: m, n: len(m.Sample)}
	ids := make([][]int, len(stages))
	for i, st := range stages {
		for _, l := range st {
			ids[i] = append(ids[i], len(pl.cands))
			pl.cands = append(pl.cands, pl.newCandidate(l))
		}
	}
	pl.measure()
	return pl.estimate(ids)
}

func sortLiterals(c Clause) {
	sort.Slice(c, func(i, j int) bool {
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

// prior is the chance that a line holds literal l by accident in a random token (ids,
// base64, hashes) that a sample of ordinary logs may not show: about randomChars positions a
// line, each matching with the chance of l's characters in such a token (letters and digits
// about 1/62 each, or 1/36 ignoring case; + / = - _ rarer; other punctuation never). It
// keeps the planner from preferring a short literal only because the sample happens not
// to contain it.
func prior(l Literal) float64 {
	const randomChars = 60
	p := float64(randomChars)
	for i := 0; i < len(l.Text); i++ {
		switch c := l.Text[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
			if l.IgnoreCase {
				p /= 36
			} else {
				p /= 62
			}
		case '0' <= c && c <= '9':
			p /= 62
		case c == '+' || c == '/' || c == '=' || c == '-' || c == '_':
			p /= 200
		default:
			return 0
		}
	}
	return math.Min(1, p)
}

// maxCandidateLen bounds the substrings considered: longer ones are no more selective in
// practice and only slow the search.
const maxCandidateLen = 12

type candidate struct {
	lit   Literal
	cost  float64 // per line tested
	prior float64 // see prior
	// lines is the set of sample lines containing the literal.
	lines bitset
	// covers lists the (rule, clause, literal) items the literal covers, rules the rules
	// they belong to.
	covers, rules []int
}

type item struct {
	rule, clause int
	// regex: the literal comes from the rule's regex (see foldSafe).
	regex bool
}

type planner struct {
	m     CostModel
	rules []planRule
	items []item // one per literal of each clause of each rule
	// itemLits[i] is item i's literal.
	itemLits []Literal
	// clauseItems[r][c] lists the items of clause c of rule r.
	clauseItems [][][]int
	cands       []candidate
	// ruleCands[r] lists the candidates covering an item of rule r.
	ruleCands [][]int
	n         int // sample lines
	// tried[id] == round marks a candidate already scored in greedy's current round.
	tried []int
	round int
}

func newPlanner(rules []planRule, m CostModel) *planner {
	pl := &planner{m: m, rules: rules, n: len(m.Sample)}
	index := map[Literal]int{}
	for ri, pr := range rules {
		pl.clauseItems = append(pl.clauseItems, make([][]int, len(pr.clauses)))
		for ci, c := range pr.clauses {
			for _, x := range c {
				it := len(pl.items)
				pl.items = append(pl.items, item{ri, ci, ci > 0})
				pl.itemLits = append(pl.itemLits, x)
				pl.clauseItems[ri][ci] = append(pl.clauseItems[ri][ci], it)
				for _, sub := range substrings(x) {
					if _, ok := index[sub]; !ok {
						index[sub] = len(pl.cands)
						pl.cands = append(pl.cands, pl.newCandidate(sub))
					}
				}
			}
		}
	}
	// A candidate covers every item containing it, not only the one it came from ("xox"
	// from "xoxb-" also covers "xoxp-").
	pl.ruleCands = make([][]int, len(rules))
	pl.tried = make([]int, len(pl.cands))
	lowerItems := make([]string, len(pl.itemLits))
	for it, x := range pl.itemLits {
		lowerItems[it] = strings.ToLower(x.Text)
	}
	for id := range pl.cands {
		c := &pl.cands[id]
		safe := foldSafe(c.lit)
		lowerLit := strings.ToLower(c.lit.Text)
		for it, x := range pl.itemLits {
			if literalContainsLower(x, lowerItems[it], c.lit, lowerLit) && (!pl.items[it].regex || safe) {
				c.covers = append(c.covers, it)
				if r := pl.items[it].rule; len(c.rules) == 0 || c.rules[len(c.rules)-1] != r {
					c.rules = append(c.rules, r)
					pl.ruleCands[r] = append(pl.ruleCands[r], id)
				}
			}
		}
	}
	pl.measure()
	return pl
}

// newCandidate is a candidate literal priced under the model; measure fills its lines.
func (pl *planner) newCandidate(l Literal) candidate {
	c := candidate{lit: l, cost: pl.m.Literal, prior: prior(l), lines: newBitset(pl.n)}
	if l.IgnoreCase {
		c.cost = pl.m.FoldLiteral
	}
	return c
}

// measure sets each candidate's sample lines in one pass per line: a trie of the candidates
// (case-sensitive ones, and case-insensitive ones lowered) is walked from every position.
func (pl *planner) measure() {
	var t trie
	t.init()
	for id, c := range pl.cands {
		t.insert(c.lit.Text, c.lit.IgnoreCase, id)
	}
	var lower []byte
	for j, line := range pl.m.Sample {
		lower = append(lower[:0], line...)
		for i, c := range lower {
			lower[i] = lowerASCII(c)
		}
		for i := range line {
			t.walk(line[i:], false, func(id int) { pl.cands[id].lines.set(j) })
			t.walk(lower[i:], true, func(id int) { pl.cands[id].lines.set(j) })
		}
	}
}

// trie holds two tries (case-sensitive and lowered) over a compact byte alphabet.
type trie struct {
	class  [256]int
	nclass int
	next   [][]int32 // node -> class -> child (0: none)
	ends   [][]int   // node -> candidate ids ending there
	root   [2]int32
}

func (t *trie) init() {
	t.next = [][]int32{nil}
	t.ends = [][]int{nil}
	for i := range t.class {
		t.class[i] = -1
	}
	t.root = [2]int32{t.node(), t.node()}
}

func (t *trie) node() int32 {
	t.next = append(t.next, nil)
	t.ends = append(t.ends, nil)
	return int32(len(t.next) - 1)
}

func (t *trie) insert(s string, fold bool, id int) {
	n := t.root[0]
	if fold {
		n = t.root[1]
	}
	for i := 0; i < len(s); i++ {
		c := t.class[s[i]]
		if c < 0 {
			c = t.nclass
			t.class[s[i]] = c
			t.nclass++
		}
		for len(t.next[n]) <= c {
			t.next[n] = append(t.next[n], 0)
		}
		if t.next[n][c] == 0 {
			child := t.node()
			t.next[n][c] = child
		}
		n = t.next[n][c]
	}
	t.ends[n] = append(t.ends[n], id)
}

func (t *trie) walk(s []byte, fold bool, found func(id int)) {
	n := t.root[0]
	if fold {
		n = t.root[1]
	}
	for _, b := range s {
		c := t.class[b]
		if c < 0 || c >= len(t.next[n]) || t.next[n][c] == 0 {
			return
		}
		n = t.next[n][c]
		for _, id := range t.ends[n] {
			found(id)
		}
	}
}

// substrings lists the literals every line containing x contains: x's substrings, with x's
// case rule (a substring without letters is case-sensitive).
func substrings(x Literal) []Literal {
	var out []Literal
	seen := map[string]bool{}
	for i := 0; i < len(x.Text); i++ {
		for j := i + 1; j <= len(x.Text) && j-i <= maxCandidateLen; j++ {
			s := x.Text[i:j]
			if seen[s] {
				continue
			}
			seen[s] = true
			out = append(out, normLiteral(Literal{Text: s, IgnoreCase: x.IgnoreCase}))
		}
	}
	if len(x.Text) > maxCandidateLen && !seen[x.Text] {
		out = append(out, normLiteral(x))
	}
	return out
}

func (pl *planner) all() bitset {
	b := newBitset(pl.n)
	for i := 0; i < pl.n; i++ {
		b.set(i)
	}
	return b
}

// fraction is the share of sample lines in b (1 without a sample: see CostModel.Sample).
func (pl *planner) fraction(b bitset) float64 {
	if pl.n == 0 {
		return 1
	}
	return float64(b.count()) / float64(pl.n)
}

// pass is the sample lines of mask that contain one of lits.
func (pl *planner) pass(mask bitset, lits []int) bitset {
	out := newBitset(pl.n)
	for _, id := range lits {
		out.or(pl.cands[id].lines)
	}
	out.and(mask)
	return out
}

func (pl *planner) testCost(lits []int) float64 {
	s := 0.0
	for _, id := range lits {
		s += pl.cands[id].cost
	}
	return s
}

// coverState tracks which items a set of literals covers.
type coverState struct {
	pl    *planner
	count []int // per item: literals of the set covering it
}

func (pl *planner) newCoverState() *coverState {
	return &coverState{pl: pl, count: make([]int, len(pl.items))}
}

func (cs *coverState) ruleCovered(r int) bool {
	for _, items := range cs.pl.clauseItems[r] {
		ok := true
		for _, it := range items {
			if cs.count[it] == 0 {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// progress is how close rule r is to being covered: the best clause's covered share.
func (cs *coverState) progress(r int) float64 {
	best := 0.0
	for _, items := range cs.pl.clauseItems[r] {
		n := 0
		for _, it := range items {
			if cs.count[it] > 0 {
				n++
			}
		}
		best = math.Max(best, float64(n)/float64(len(items)))
	}
	return best
}

func (cs *coverState) add(id int, delta int) {
	for _, it := range cs.pl.cands[id].covers {
		cs.count[it] += delta
	}
}

func (cs *coverState) allCovered() bool {
	for r := range cs.pl.rules {
		if !cs.ruleCovered(r) {
			return false
		}
	}
	return true
}

// stage is what one stage is planned for: the sample lines reaching it (mask, a share frac
// of the window), and ret, the price of a line it lets through.
type stage struct {
	mask      bitset
	frac, ret float64
}

// cover chooses the literals of one stage over the sample lines in mask (a share frac of
// the window reaches the stage, and each line it lets through costs ret): greedy by rules
// covered per unit of cost, then pruned of literals the others make redundant, then
// improved by swapping one literal for a cheaper set while the stage's cost drops.
func (pl *planner) cover(mask bitset, frac, ret float64) []int {
	sc := stage{mask: mask, frac: frac, ret: ret}
	cs := pl.newCoverState()
	chosen, ok := pl.greedy(cs, nil, -1, sc)
	if !ok {
		return nil // a rule no literal can cover (cannot happen: every keyword covers itself)
	}
	chosen = pl.prune(cs, chosen, sc)
	return pl.improve(chosen, sc)
}

// greedy adds literals to chosen (already counted in cs) until every rule is covered,
// taking each time the candidate with the most progress per unit of marginal cost; it
// never takes the candidate banned. ok is false when some rule cannot be covered.
func (pl *planner) greedy(cs *coverState, chosen []int, banned int, sc stage) ([]int, bool) {
	passed := newBitset(pl.n)
	for _, id := range chosen {
		passed.or(pl.cands[id].lines)
	}
	base := make([]float64, len(pl.rules))
	for {
		var open []int
		for r := range pl.rules {
			base[r] = cs.progress(r)
			if base[r] < 1 {
				open = append(open, r)
			}
		}
		if len(open) == 0 {
			return chosen, true
		}
		pl.round++
		best, bestScore := -1, 0.0
		for _, r := range open {
			for _, id := range pl.ruleCands[r] {
				if id == banned || pl.tried[id] == pl.round {
					continue
				}
				pl.tried[id] = pl.round
				gain := pl.gain(cs, id, base)
				if gain <= 0 {
					continue
				}
				if s := gain / pl.marginal(id, sc, passed); s > bestScore {
					best, bestScore = id, s
				}
			}
		}
		if best < 0 {
			return chosen, false
		}
		chosen = append(chosen, best)
		cs.add(best, 1)
		passed.or(pl.cands[best].lines)
	}
}

// gain is how much adding id moves uncovered rules towards being covered.
func (pl *planner) gain(cs *coverState, id int, base []float64) float64 {
	cs.add(id, 1)
	g := 0.0
	for _, r := range pl.cands[id].rules {
		if base[r] >= 1 {
			continue
		}
		g += cs.progress(r) - base[r]
	}
	cs.add(id, -1)
	return g
}

// marginal is the cost of adding literal id to a stage whose literals already let through
// passed: its test on the share frac of lines reaching the stage, and the sample lines in
// mask it newly lets through.
func (pl *planner) marginal(id int, sc stage, passed bitset) float64 {
	c := &pl.cands[id]
	fresh := 0
	if pl.n > 0 {
		for w := range c.lines {
			fresh += bits.OnesCount64(c.lines[w] &^ passed[w] & sc.mask[w])
		}
	}
	// The last term breaks ties towards longer literals: where the sample cannot tell two
	// literals apart, the longer one is the rarer in real logs.
	return sc.frac*c.cost + sc.ret*(float64(fresh)/float64(max(pl.n, 1))+c.prior) + 1e-9*float64(1+maxCandidateLen-len(c.lit.Text))
}

// stageCost is a stage's modelled cost: its tests and the lines it lets through.
func (pl *planner) stageCost(lits []int, sc stage) float64 {
	prior := 0.0
	for _, id := range lits {
		prior += pl.cands[id].prior
	}
	return sc.frac*pl.testCost(lits) + sc.ret*(pl.fraction(pl.pass(sc.mask, lits))+prior)
}

// prune drops literals, costliest first, while every rule stays covered.
func (pl *planner) prune(cs *coverState, chosen []int, sc stage) []int {
	order := append([]int(nil), chosen...)
	sort.Slice(order, func(i, j int) bool {
		return pl.cands[order[i]].cost*sc.frac+sc.ret*pl.fraction(pl.cands[order[i]].lines) >
			pl.cands[order[j]].cost*sc.frac+sc.ret*pl.fraction(pl.cands[order[j]].lines)
	})
	keep := map[int]bool{}
	for _, id := range chosen {
		keep[id] = true
	}
	for _, id := range order {
		cs.add(id, -1)
		if cs.allCovered() {
			delete(keep, id)
			continue
		}
		cs.add(id, 1)
	}
	var out []int
	for _, id := range chosen {
		if keep[id] {
			out = append(out, id)
		}
	}
	return out
}

// improve tries, for each chosen literal, to drop it and re-cover what it alone covered
// with the greedy; it keeps the result when the stage's cost drops.
func (pl *planner) improve(chosen []int, sc stage) []int {
	cost := pl.stageCost(chosen, sc)
	for round := 0; round < 2; round++ {
		improved := false
		for i := 0; i < len(chosen); i++ {
			rest := append(append([]int(nil), chosen[:i]...), chosen[i+1:]...)
			cs := pl.newCoverState()
			for _, id := range rest {
				cs.add(id, 1)
			}
			trial, ok := pl.greedy(cs, rest, chosen[i], sc)
			if !ok {
				continue
			}
			trial = pl.prune(cs, trial, sc)
			if c := pl.stageCost(trial, sc); c < cost-1e-12 {
				chosen, cost, improved = trial, c, true
				i = -1
			}
		}
		if !improved {
			break
		}
	}
	return chosen
}

// covers lists, per rule, the chosen literals covering its best-covered clause.
func (pl *planner) covers(lits []int) []RuleCover {
	cs := pl.newCoverState()
	for _, id := range lits {
		cs.add(id, 1)
	}
	out := make([]RuleCover, 0, len(pl.rules))
	for ri, pr := range pl.rules {
		rc := RuleCover{RuleID: pr.rule.ID}
		for ci, items := range pl.clauseItems[ri] {
			ok := true
			for _, it := range items {
				ok = ok && cs.count[it] > 0
			}
			if !ok {
				continue
			}
			set := map[Literal]bool{}
			for _, id := range lits {
				for _, it := range pl.cands[id].covers {
					if pl.items[it].rule == ri && pl.items[it].clause == ci {
						set[pl.cands[id].lit] = true
					}
				}
			}
			for l := range set {
				rc.Literals = append(rc.Literals, l)
			}
			sortLiterals(rc.Literals)
			break
		}
		out = append(out, rc)
	}
	return out
}

type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

func (b bitset) set(i int) { b[i/64] |= 1 << (i % 64) }

func (b bitset) or(o bitset) {
	for i := range b {
		b[i] |= o[i]
	}
}

func (b bitset) and(o bitset) {
	for i := range b {
		b[i] &= o[i]
	}
}

func (b bitset) count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}
