package pushdown

import (
	"math"
	"math/bits"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// maxCandidateLen bounds the substrings considered: longer ones are no more selective in
// practice and only slow the search.
const maxCandidateLen = 12

type candidate struct {
	lit   Literal
	cost  float64 // per line tested
	prior float64 // see prior
	// lines is the set of sample lines containing the literal, nlines their number.
	lines  bitset
	nlines int
	// words lists the non-zero words of lines (most literals are in few sample lines).
	words []int32
	// covers lists the (rule, clause, literal) items the literal covers, rules the rules
	// they belong to.
	covers, rules []int
	// ruleStart[k] is where the items of rules[k] start in covers (items are numbered rule
	// by rule), so that a step scores a candidate on the rules still open only.
	ruleStart []int
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
	// Clauses numbered flat: rule r's are ruleClause[r] up to ruleClause[r+1]; clauseOf[i]
	// is item i's, clauseLen[c] its number of items.
	ruleClause, clauseOf, clauseLen []int
	cands                           []candidate
	// ruleCands[r] lists the candidates covering an item of rule r.
	ruleCands [][]int
	n         int // sample lines
	// perLine is how often each byte occurs in an average sample line (see CostModel).
	perLine *[256]float64
	// tried[id] == round marks a candidate already scored in greedy's current round.
	tried []int
	round int
	// scratch is score's per-clause count of the items a candidate would newly cover (zero
	// between calls).
	scratch []int
	// cheapest[i] is the candidate with the least marginal cost covering item i in greedy's
	// current round, at cheapestCost[i].
	cheapest     []int
	cheapestCost []float64
}

func newPlanner(rules []planRule, m CostModel) *planner {
	pl := &planner{m: m, rules: rules, n: len(m.Sample), perLine: bytesPerLine(m.Sample)}
	index := map[Literal]int{}
	for ri, pr := range rules {
		pl.clauseItems = append(pl.clauseItems, make([][]int, len(pr.clauses)))
		pl.ruleClause = append(pl.ruleClause, len(pl.clauseLen))
		for ci, c := range pr.clauses {
			pl.clauseLen = append(pl.clauseLen, len(c))
			for _, x := range c {
				it := len(pl.items)
				pl.clauseOf = append(pl.clauseOf, len(pl.clauseLen)-1)
				pl.items = append(pl.items, item{ri, ci, ci > 0})
				pl.itemLits = append(pl.itemLits, x)
				pl.clauseItems[ri][ci] = append(pl.clauseItems[ri][ci], it)
				subs := []Literal{x} // a regex stands only for itself
				if !x.Regex {
					subs = substrings(x)
				}
				for _, sub := range subs {
					if _, ok := index[sub]; !ok {
						index[sub] = len(pl.cands)
						pl.cands = append(pl.cands, pl.newCandidate(sub))
					}
				}
			}
		}
	}
	pl.ruleClause = append(pl.ruleClause, len(pl.clauseLen))
	// A candidate covers every item containing it, not only the one it came from ("xox"
	// from "xoxb-" also covers "xoxp-").
	pl.ruleCands = make([][]int, len(rules))
	pl.tried = make([]int, len(pl.cands))
	lowerItems := make([]string, len(pl.itemLits))
	for it, x := range pl.itemLits {
		lowerItems[it] = strings.ToLower(x.Text)
	}
	// Which items each candidate is in: looked up by each item's substrings rather than
	// testing every candidate against every item.
	exact, fold := map[string][]int{}, map[string][]int{}
	longest := 0
	for id, c := range pl.cands {
		if c.lit.Regex {
			continue
		}
		if c.lit.IgnoreCase {
			k := strings.ToLower(c.lit.Text)
			fold[k] = append(fold[k], id)
		} else {
			exact[c.lit.Text] = append(exact[c.lit.Text], id)
		}
		longest = max(longest, len(c.lit.Text))
	}
	in := make([][]int, len(pl.cands)) // per candidate, the items containing it, in order
	seen := make([]int, len(pl.cands)) // seen[id] == it+1: id already considered for item it
	for it, x := range pl.itemLits {
		if x.Regex {
			id := index[x]
			in[id] = append(in[id], it)
			continue
		}
		for _, form := range []struct {
			text  string
			index map[string][]int
		}{{lowerItems[it], fold}, {x.Text, exact}} {
			for i := 0; i < len(form.text); i++ {
				for j := i + 1; j <= len(form.text) && j-i <= longest; j++ {
					for _, id := range form.index[form.text[i:j]] {
						if seen[id] == it+1 {
							continue
						}
						seen[id] = it + 1
						c := &pl.cands[id]
						if literalContainsLower(x, lowerItems[it], c.lit, strings.ToLower(c.lit.Text)) && (!pl.items[it].regex || foldSafe(c.lit)) {
							in[id] = append(in[id], it)
						}
					}
				}
			}
		}
	}
	for id := range pl.cands {
		c := &pl.cands[id]
		for _, it := range in[id] {
			c.covers = append(c.covers, it)
			if r := pl.items[it].rule; len(c.rules) == 0 || c.rules[len(c.rules)-1] != r {
				c.rules = append(c.rules, r)
				c.ruleStart = append(c.ruleStart, len(c.covers)-1)
				pl.ruleCands[r] = append(pl.ruleCands[r], id)
			}
		}
	}
	for id := range pl.cands {
		pl.cands[id].ruleStart = append(pl.cands[id].ruleStart, len(pl.cands[id].covers))
	}
	pl.scratch = make([]int, len(pl.clauseLen))
	pl.measure()
	return pl
}

// newCandidate is a candidate literal priced under the model; measure fills its lines.
func (pl *planner) newCandidate(l Literal) candidate {
	return candidate{lit: l, cost: pl.m.testCost(l, pl.perLine), prior: prior(l), lines: newBitset(pl.n)}
}

// measure sets each candidate's sample lines in one pass per line: a trie of the candidates
// (case-sensitive ones, and case-insensitive ones lowered) is walked from every position.
func (pl *planner) measure() {
	var t trie
	t.init()
	var regexes []int
	for id, c := range pl.cands {
		if c.lit.Regex {
			regexes = append(regexes, id)
			continue
		}
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
	for _, id := range regexes {
		// As the store runs it; one that does not compile there filters nothing.
		re, err := regexp.Compile("(?s)" + pl.cands[id].lit.Text)
		for j, line := range pl.m.Sample {
			if err != nil || re.Match(line) {
				pl.cands[id].lines.set(j)
			}
		}
		pl.cands[id].cost = pl.m.regexCost(pl.cands[id].lit.Text, pl.perLine, pl.m.Sample)
	}
	for id := range pl.cands {
		c := &pl.cands[id]
		c.nlines = c.lines.count()
		for w, x := range c.lines {
			if x != 0 {
				c.words = append(c.words, int32(w))
			}
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

// share is the fraction of sample lines containing c (fraction(c.lines), counted once).
func (pl *planner) share(c *candidate) float64 {
	if pl.n == 0 {
		return 1
	}
	return float64(c.nlines) / float64(pl.n)
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

// coverState tracks which items a set of literals covers, and incrementally which clauses
// and rules that completes: the greedy, prune and improve ask about every rule many times
// per step, and recounting each clause's items was most of the planner's time.
type coverState struct {
	pl    *planner
	count []int // per item: literals of the set covering it
	// done[c] counts the covered items of flat clause c (see planner.clauseOf), full[r] the
	// fully covered clauses of rule r, uncovered the rules without one.
	done      []int
	full      []int
	uncovered int
}

func (pl *planner) newCoverState() *coverState {
	cs := &coverState{pl: pl, count: make([]int, len(pl.items)), done: make([]int, len(pl.clauseLen)),
		full: make([]int, len(pl.rules)), uncovered: len(pl.rules)}
	for r := range pl.rules {
		for c := pl.ruleClause[r]; c < pl.ruleClause[r+1]; c++ {
			if pl.clauseLen[c] == 0 { // an empty clause holds on every line
				if cs.full[r]++; cs.full[r] == 1 {
					cs.uncovered--
				}
			}
		}
	}
	return cs
}

// progress is how close rule r is to being covered: the best clause's covered share.
func (cs *coverState) progress(r int) float64 { return cs.progressWith(r, nil) }

// progressWith is progress with extra[c] more items of clause c covered (extra may be nil).
func (cs *coverState) progressWith(r int, extra []int) float64 {
	best := 0.0
	for c := cs.pl.ruleClause[r]; c < cs.pl.ruleClause[r+1]; c++ {
		if cs.pl.clauseLen[c] == 0 {
			return math.NaN() // as 0/0 always was: such a rule is never open
		}
		n := cs.done[c]
		if extra != nil {
			n += extra[c]
		}
		// The shares are finite and non-negative: a plain comparison is math.Max.
		if v := float64(n) / float64(cs.pl.clauseLen[c]); v > best {
			best = v
		}
	}
	return best
}

func (cs *coverState) add(id int, delta int) {
	pl := cs.pl
	for _, it := range pl.cands[id].covers {
		cs.count[it] += delta
		if n := cs.count[it]; (delta > 0 && n != 1) || (delta < 0 && n != 0) {
			continue // the item was and stays covered
		}
		c := pl.clauseOf[it]
		if delta > 0 {
			cs.done[c]++
			if cs.done[c] == pl.clauseLen[c] {
				r := pl.items[it].rule
				if cs.full[r]++; cs.full[r] == 1 {
					cs.uncovered--
				}
			}
		} else {
			if cs.done[c] == pl.clauseLen[c] {
				r := pl.items[it].rule
				if cs.full[r]--; cs.full[r] == 0 {
					cs.uncovered++
				}
			}
			cs.done[c]--
		}
	}
}

// stateOf is the cover state of the literals lits.
func (pl *planner) stateOf(lits []int) *coverState {
	cs := pl.newCoverState()
	for _, id := range lits {
		cs.add(id, 1)
	}
	return cs
}

func (cs *coverState) clone() *coverState {
	return &coverState{pl: cs.pl, count: slices.Clone(cs.count), done: slices.Clone(cs.done),
		full: slices.Clone(cs.full), uncovered: cs.uncovered}
}

func (cs *coverState) allCovered() bool { return cs.uncovered == 0 }

// stage is what one stage is planned for: the sample lines reaching it (mask, a share frac
// of the window), and ret, the price of a line it lets through.
type stage struct {
	mask      bitset
	frac, ret float64
	// charge is added to each substring literal's test while the greedy ranks and prune
	// orders candidates (see Build); prices and stage costs never include it.
	charge float64
}

// rankCost is c's test as the greedy and prune rank it in stage sc: its cost, and the
// stage's charge when c is a substring literal.
func (sc stage) rankCost(c *candidate) float64 {
	if c.lit.Regex {
		return c.cost
	}
	return c.cost + sc.charge
}

// cover chooses the literals of one stage over the sample lines in mask (a share frac of
// the window reaches the stage, and each line it lets through costs ret): greedy by rules
// covered per unit of cost, then pruned of literals the others make redundant, then
// improved by swapping one literal for a cheaper set while the stage's cost drops.
//
// With a charge (see coverCharges), the greedy and prune charge each substring literal that
// much on top of its test, and no swaps follow: they price one stage at a guessed price of
// the lines it lets through, and from a charged start made the whole plan dearer (7.62
// floors against 7.59 on the catalogue at 1.5 tests) at six to eight times the time.
func (pl *planner) cover(mask bitset, frac, ret, charge float64) []int {
	sc := stage{mask: mask, frac: frac, ret: ret, charge: charge}
	cs := pl.newCoverState()
	chosen, ok := pl.greedy(cs, nil, -1, sc)
	if !ok {
		return nil // a rule no literal can cover (cannot happen: every keyword covers itself)
	}
	chosen = pl.prune(cs, chosen, sc)
	if charge > 0 {
		return chosen
	}
	return pl.improve(chosen, sc)
}

// greedy adds literals to chosen (already counted in cs) until every rule is covered,
// taking each time the step with the most progress per unit of marginal cost; it never
// takes the candidate banned. ok is false when some rule cannot be covered.
//
// A step is one candidate, or a bundle completing one clause of a rule with the cheapest
// candidate for each of its uncovered literals: a clause of two literals (a keyword written
// "data source=" or "server=") shows no progress when a rule already has another clause
// half covered, and one literal alone would then win however many lines it lets through.
func (pl *planner) greedy(cs *coverState, chosen []int, banned int, sc stage) ([]int, bool) {
	passed := newBitset(pl.n)
	for _, id := range chosen {
		passed.or(pl.cands[id].lines)
	}
	base := make([]float64, len(pl.rules))
	// Reused between calls: each round resets the entries of the open rules' items, the only
	// ones read.
	if pl.cheapest == nil {
		pl.cheapest, pl.cheapestCost = make([]int, len(pl.items)), make([]float64, len(pl.items))
	}
	cheapest, cheapestCost := pl.cheapest, pl.cheapestCost
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
		for _, r := range open {
			for _, items := range pl.clauseItems[r] {
				for _, it := range items {
					cheapest[it] = -1
				}
			}
		}
		best, bestScore := -1, 0.0
		var bundle []int
		for _, r := range open {
			for _, id := range pl.ruleCands[r] {
				if id == banned || pl.tried[id] == pl.round {
					continue
				}
				pl.tried[id] = pl.round
				m := pl.marginal(id, sc, passed)
				gain := pl.score(cs, id, base, m, cheapest, cheapestCost)
				if gain <= 0 {
					continue
				}
				if s := gain / m; s > bestScore {
					best, bestScore, bundle = id, s, nil
				}
			}
		}
		for _, r := range open {
			for _, items := range pl.clauseItems[r] {
				var ids []int
				cost, ok := 0.0, true
				for _, it := range items {
					if cs.count[it] > 0 {
						continue
					}
					if cheapest[it] < 0 {
						ok = false
						break
					}
					if !slices.Contains(ids, cheapest[it]) {
						ids = append(ids, cheapest[it])
						cost += cheapestCost[it]
					}
				}
				if !ok || len(ids) < 2 {
					continue // a single candidate was scored above
				}
				if s := (1 - base[r]) / cost; s > bestScore {
					best, bestScore, bundle = -1, s, ids
				}
			}
		}
		if best < 0 && bundle == nil {
			return chosen, false
		}
		if bundle == nil {
			bundle = []int{best}
		}
		for _, id := range bundle {
			chosen = append(chosen, id)
			cs.add(id, 1)
			passed.or(pl.cands[id].lines)
		}
	}
}

// score is how much adding id (at marginal cost m) moves uncovered rules towards being
// covered, as if added to cs without touching it; on the way it records id, for each item
// of an open rule it would newly cover, as the item's cheapest candidate if none cheaper is
// (both walk the same items: one pass).
func (pl *planner) score(cs *coverState, id int, base []float64, m float64, cheapest []int, cheapestCost []float64) float64 {
	c := &pl.cands[id]
	g := 0.0
	for k, r := range c.rules {
		if base[r] >= 1 {
			continue
		}
		if math.IsNaN(base[r]) {
			g = math.NaN() // a rule with an empty clause (see progress): never scored
			continue
		}
		items := c.covers[c.ruleStart[k]:c.ruleStart[k+1]]
		fresh := false
		for _, it := range items {
			if cs.count[it] == 0 {
				fresh = true
				pl.scratch[pl.clauseOf[it]]++
				if cheapest[it] < 0 || m < cheapestCost[it] {
					cheapest[it], cheapestCost[it] = id, m
				}
			}
		}
		if !fresh {
			continue // no item newly covered: the rule's progress is base[r], a zero term
		}
		g += cs.progressWith(r, pl.scratch) - base[r]
		for _, it := range items {
			pl.scratch[pl.clauseOf[it]] = 0
		}
	}
	return g
}

// marginal is the cost of adding literal id to a stage whose literals already let through
// passed: its test on the share frac of lines reaching the stage, and the sample lines in
// mask it newly lets through.
func (pl *planner) marginal(id int, sc stage, passed bitset) float64 {
	c := &pl.cands[id]
	fresh := 0
	if pl.n > 0 {
		for _, w := range c.words {
			fresh += bits.OnesCount64(c.lines[w] &^ passed[w] & sc.mask[w])
		}
	}
	// The last term breaks ties towards longer literals: where the sample cannot tell two
	// literals apart, the longer one is the rarer in real logs.
	return sc.frac*sc.rankCost(c) + sc.ret*(float64(fresh)/float64(max(pl.n, 1))+c.prior) + 1e-9*float64(1+maxCandidateLen-min(len(c.lit.Text), maxCandidateLen))
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
	// Each literal's price alone, computed once rather than at every comparison.
	type priced struct {
		id    int
		price float64
	}
	order := make([]priced, len(chosen))
	for i, id := range chosen {
		c := &pl.cands[id]
		order[i] = priced{id, sc.rankCost(c)*sc.frac + sc.ret*pl.share(c)}
	}
	sort.Slice(order, func(i, j int) bool { return order[i].price > order[j].price })
	keep := map[int]bool{}
	for _, id := range chosen {
		keep[id] = true
	}
	for _, o := range order {
		id := o.id
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
	// The state of chosen, copied for each swap rather than rebuilt from every literal.
	whole := pl.stateOf(chosen)
	for round := 0; round < 2; round++ {
		improved := false
		for i := 0; i < len(chosen); i++ {
			rest := append(append([]int(nil), chosen[:i]...), chosen[i+1:]...)
			cs := whole.clone()
			cs.add(chosen[i], -1)
			trial, ok := pl.greedy(cs, rest, chosen[i], sc)
			if !ok {
				continue
			}
			trial = pl.prune(cs, trial, sc)
			if c := pl.stageCost(trial, sc); c < cost-1e-12 {
				chosen, cost, improved = trial, c, true
				whole = cs // pruned along with trial: chosen's state
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
