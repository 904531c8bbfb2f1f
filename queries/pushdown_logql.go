package queries

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// LogQLLineFilter builds the LogQL line filter that keeps every line containing at least one
// keyword: exact keywords compared case-sensitively, ignoreCase ones in any ASCII case. It
// returns "" when there is no keyword (every line is wanted). The result goes right after the
// stream selector: `{app="x"} ` + LogQLLineFilter(…).
//
// Chained LogQL filters are ANDed, so the keywords must fit in one stage:
//   - only exact keywords: `|= "AKIA" or "ghp_" or …`, Loki's literal filter (several times
//     faster than a regexp);
//   - any case-insensitive keyword: one `|~` alternation, exact keywords quoted and
//     case-insensitive ones scoped as (?i:…). LogQL cannot OR a `|=` with a `|~`. Loki rewrites
//     an alternation of literals (with or without (?i)) into substring filters, so this
//     stays a literal scan, though case folding roughly doubles its cost.
//
// Keywords that contain another keyword are dropped (a line with "ghp_x" also contains
// "ghp_"): fewer alternatives, and no prefix pairs that would stop Loki's rewrite.
func LogQLLineFilter(exact, ignoreCase []string) string {
	exact, ignoreCase = minimalKeywords(exact, ignoreCase)
	if len(exact) == 0 && len(ignoreCase) == 0 {
		return ""
	}
	var b strings.Builder
	if len(ignoreCase) == 0 {
		b.WriteString("|= ")
		for i, k := range exact {
			if i > 0 {
				b.WriteString(" or ")
			}
			b.WriteString(strconv.Quote(k))
		}
		return b.String()
	}
	alts := make([]string, 0, len(exact)+len(ignoreCase))
	for _, k := range exact {
		alts = append(alts, regexp.QuoteMeta(k))
	}
	for _, k := range ignoreCase {
		alts = append(alts, "(?i:"+regexp.QuoteMeta(k)+")")
	}
	return "|~ " + strconv.Quote(strings.Join(alts, "|"))
}

// minimalKeywords drops empty and duplicate keywords and every keyword that contains another
// one under the other's case rule, keeping the set of lines matched unchanged. The result
// is sorted for a stable query text.
func minimalKeywords(exact, ignoreCase []string) ([]string, []string) {
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
// IgnoreCase is set.
type Literal struct {
	Text       string
	IgnoreCase bool
}

// Clause is a disjunction: a line satisfies it when it contains at least one of its literals.
type Clause []Literal

// PushdownGroup is a conjunction of clauses that every line on which one of its rules can
// match satisfies. Clauses[0] lists the rules' keywords; further clauses are literals the
// rules' regexes require beyond their keywords (the "@" of a URI with credentials).
type PushdownGroup struct {
	RuleIDs []string
	Clauses []Clause
}

// MaxPushdownGroups bounds the store queries per window and selector: each group is one
// query, and each query makes the store read the window again.
const MaxPushdownGroups = 4

// minClauseScore is how selective a rule's extra clause must be to justify moving the rule
// out of the plain keyword group: single punctuation (".", "-", "_", "=") occurs in nearly
// every log line, while "@" (emails, URL userinfo) or a 3-byte word is rare enough.
const minClauseScore = 3

// PushdownGroups splits rules into at most MaxPushdownGroups store queries. A line can hold a
// finding of rule r only if it contains one of r's keywords AND every literal r's regex
// requires. LogQL chains stages with AND and alternatives within a stage with OR, so
// "(keyword of any rule) OR (URI scheme AND @)" needs two queries: the first group holds the
// rules whose keywords are the best filter available (one OR over their keywords); each
// further group holds the rules sharing one selective extra clause, queried as
// `|= extra |= keywords`. Every line a rule can match satisfies every clause of that rule's
// group, so the union of the group queries keeps every line the detector can report.
//
// Only rules with weak keywords are moved: case-insensitive keywords (context words such as
// "authorization", URI schemes such as "https://") and exact ones of at most 4 bytes occur in
// ordinary logs; a long exact prefix ("-----BEGIN RSA PRIVATE KEY") is rare already and is
// best left in the one OR. When more distinct extra clauses remain than queries are allowed,
// groups are merged pairwise, cheapest first: a merged group requires (any of its keywords)
// AND (any of its extra literals), so the cost of a merge is the number of new keyword-literal
// pairings it lets through (see mergeCost). Merging never loses a line.
func PushdownGroups(rules []*Rule) []PushdownGroup {
	plain := PushdownGroup{Clauses: []Clause{nil}}
	var conds []*PushdownGroup
	byKey := map[string]*PushdownGroup{}
	for _, r := range rules {
		kw := keywordClause(r)
		var extra Clause
		if weakKeywords(r) {
			extra = bestExtraClause(r, kw)
		}
		if extra == nil {
			plain.RuleIDs = append(plain.RuleIDs, r.ID)
			plain.Clauses[0] = append(plain.Clauses[0], kw...)
			continue
		}
		key := clauseKey(extra)
		g := byKey[key]
		if g == nil {
			g = &PushdownGroup{Clauses: []Clause{nil, extra}}
			byKey[key] = g
			conds = append(conds, g)
		}
		g.RuleIDs = append(g.RuleIDs, r.ID)
		g.Clauses[0] = append(g.Clauses[0], kw...)
	}
	budget := MaxPushdownGroups
	if len(plain.RuleIDs) > 0 {
		budget--
	}
	for len(conds) > budget {
		bi, bj, best := 0, 1, -1
		for i := range conds {
			for j := i + 1; j < len(conds); j++ {
				if c := mergeCost(conds[i], conds[j]); best < 0 || c < best {
					bi, bj, best = i, j, c
				}
			}
		}
		a, b := conds[bi], conds[bj]
		a.RuleIDs = append(a.RuleIDs, b.RuleIDs...)
		a.Clauses[0] = append(a.Clauses[0], b.Clauses[0]...)
		a.Clauses[1] = minimalClause(append(a.Clauses[1], b.Clauses[1]...))
		conds = append(conds[:bj], conds[bj+1:]...)
	}
	var out []PushdownGroup
	if len(plain.RuleIDs) > 0 {
		out = append(out, plain)
	}
	for _, g := range conds {
		out = append(out, *g)
	}
	for i := range out {
		for j, cl := range out[i].Clauses {
			out[i].Clauses[j] = minimalClause(cl)
		}
	}
	return out
}

// weakKeywords: some keyword of r is likely in ordinary log lines (see PushdownGroups).
func weakKeywords(r *Rule) bool {
	for _, k := range r.Keywords {
		if r.IgnoreCase || len(k) <= 4 {
			return true
		}
	}
	return false
}

// mergeCost counts the keyword-literal pairings a merge of a and b newly lets through: a's
// keywords not in b with b's extra literals that a's clause does not already imply, and
// conversely. Fewer means the merged query keeps about as few lines as the two apart.
func mergeCost(a, b *PushdownGroup) int {
	return newPairs(a, b) + newPairs(b, a)
}

func newPairs(a, b *PushdownGroup) int {
	kws, lits := 0, 0
	for _, k := range a.Clauses[0] {
		if !implies(Clause{k}, b.Clauses[0]) {
			kws++
		}
	}
	for _, l := range b.Clauses[1] {
		if !implies(Clause{l}, a.Clauses[1]) {
			lits++
		}
	}
	return kws * lits
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

// LogQLPipeline renders a group's clauses as chained LogQL line filters (ANDed). Extra
// clauses that are plain literals (`|= "@"`) come first: they are short and rare, so the store
// drops most lines at the cheapest stage. An extra clause needing a regexp (case-insensitive
// letters with non-ASCII folds, see literalStage) comes after the keywords, so the regexp only
// sees lines the literal stages kept. Clauses[0] (keywords) keeps LogQLLineFilter's ASCII case
// semantics, the detector's own.
func LogQLPipeline(clauses []Clause) string {
	if len(clauses) == 0 {
		return ""
	}
	var first, last []string
	for _, c := range clauses[1:] {
		s := literalStage(c)
		if strings.HasPrefix(s, "|= ") {
			first = append(first, s)
		} else if s != "" {
			last = append(last, s)
		}
	}
	var exact, ic []string
	for _, l := range clauses[0] {
		if l.IgnoreCase {
			ic = append(ic, l.Text)
		} else {
			exact = append(exact, l.Text)
		}
	}
	stages := first
	if kw := LogQLLineFilter(exact, ic); kw != "" {
		stages = append(stages, kw)
	}
	return strings.Join(append(stages, last...), " ")
}

// LogQLPushdowns is one pipeline suffix per PushdownGroups group: `{sel} ` + each is one
// query, and together they return every line the rules can match.
func LogQLPushdowns(rules []*Rule) []string {
	var out []string
	for _, g := range PushdownGroups(rules) {
		out = append(out, LogQLPipeline(g.Clauses))
	}
	return out
}

// literalStage renders an extra clause. Unlike keywords, which the detector itself compares
// in ASCII case only, an extra literal comes from a (?i) regex that also matches the
// non-ASCII case folds (ſ for s, the Kelvin sign for k); those letters are spelled out as
// classes so the store keeps what the regex would match, whatever case folding it applies.
func literalStage(c Clause) string {
	c = minimalClause(c)
	if len(c) == 0 {
		return ""
	}
	allExact := true
	for _, l := range c {
		allExact = allExact && !l.IgnoreCase
	}
	if allExact {
		vals := make([]string, len(c))
		for i, l := range c {
			vals[i] = strconv.Quote(l.Text)
		}
		return "|= " + strings.Join(vals, " or ")
	}
	alts := make([]string, len(c))
	for i, l := range c {
		if l.IgnoreCase {
			alts[i] = "(?i:" + foldSafe(l.Text) + ")"
		} else {
			alts[i] = regexp.QuoteMeta(l.Text)
		}
	}
	return "|~ " + strconv.Quote(strings.Join(alts, "|"))
}

func foldSafe(s string) string {
	var b strings.Builder
	for _, r := range s {
		orbit := []rune{r}
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			orbit = append(orbit, f)
		}
		nonASCII := false
		for _, f := range orbit {
			nonASCII = nonASCII || f >= utf8.RuneSelf
		}
		if r < utf8.RuneSelf && nonASCII {
			b.WriteByte('[')
			for _, f := range orbit {
				b.WriteString(regexp.QuoteMeta(string(f)))
			}
			b.WriteByte(']')
			continue
		}
		b.WriteString(regexp.QuoteMeta(string(r)))
	}
	return b.String()
}

func keywordClause(r *Rule) Clause {
	c := make(Clause, 0, len(r.Keywords))
	for _, k := range r.Keywords {
		c = append(c, normLiteral(Literal{Text: k, IgnoreCase: r.IgnoreCase}))
	}
	return c
}

// bestExtraClause is the most selective clause r's regex requires that its keywords do not
// already imply, or nil when none is selective enough to be worth a query of its own.
func bestExtraClause(r *Rule, kw Clause) Clause {
	re, err := syntax.Parse(r.Regex, syntax.Perl)
	if err != nil {
		return nil
	}
	var best Clause
	bestScore := minClauseScore - 1
	for _, c := range requiredClauses(re) {
		if implies(kw, c) {
			continue
		}
		if s := clauseScore(c); s > bestScore {
			best, bestScore = c, s
		}
	}
	return best
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
					if len(a)+len(b) > maxClauseLiterals {
						continue
					}
					next = append(next, append(append(Clause(nil), a...), b...))
				}
			}
			if len(next) == 0 || len(next) > 64 {
				return nil
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
	switch {
	case !x.IgnoreCase && !y.IgnoreCase:
		return strings.Contains(x.Text, y.Text)
	case y.IgnoreCase:
		return strings.Contains(strings.ToLower(x.Text), strings.ToLower(y.Text))
	default: // x in any case, y exact: only if y has no letters (normLiteral made it exact)
		return strings.ToLower(y.Text) == strings.ToUpper(y.Text) && strings.Contains(x.Text, y.Text)
	}
}

// clauseScore estimates selectivity: the shortest literal's length, "@" counting as 3.
func clauseScore(c Clause) int {
	s := -1
	for _, l := range c {
		n := len(l.Text)
		if l.Text == "@" {
			n = 3
		}
		if s < 0 || n < s {
			s = n
		}
	}
	return s
}

func clauseKey(c Clause) string {
	var b strings.Builder
	for _, l := range uniqClause(c) {
		fmt.Fprintf(&b, "%d:%t:%s;", len(l.Text), l.IgnoreCase, l.Text)
	}
	return b.String()
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
