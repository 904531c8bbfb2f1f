package pushdown

import (
	"bytes"
	"math"
	"regexp/syntax"
)

// CostModel prices a plan for a store that tests each line against each literal of a stage
// (Loki's line filters), in units of the floor: the store's time to read every line of the
// window once. Calibrated on a real Loki 3.7 (docs/pushdown-loki.md):
//   - Literal: one case-sensitive substring test on every line (`|= "a"`), plus LiteralByte
//     for every occurrence, in an average line, of the literal's first byte: Go's substring
//     search jumps from one occurrence of the first byte to the next and checks the rest
//     there, so "ecret" (an "e" every 17 bytes of a log) costs five times "~q";
//   - FoldLiteral: one case-insensitive test (`|~ "(?i)a"`), a byte loop rather than a
//     vectorised search, plus FoldLiteralByte for every occurrence of its first letter in
//     either case;
//   - Returned: a line a filter lets through instead of dropping, relative to reading it:
//     sending it back, and the pages it adds (Loki returns at most 5,000 lines a request, and
//     each further page re-reads part of the window through the whole filter);
//   - RegexInst, RegexRun: a regex literal (see contextRegexes) on a line reaching it. One
//     with a literal prefix is a substring search for the prefix (priced as a literal), and
//     RegexRun for each line holding the prefix, where the regexp runs; one without costs
//     RegexInst for each instruction of its program, run from every byte of the line (2.5
//     times that beyond the 500 instructions up to which Go's regexp, which Loki uses,
//     backtracks rather than simulating the automaton). RegexInst 0 keeps regexes out of
//     plans;
//   - Unfiltered: the plan that filters nothing (every line read once and sent back, paged
//     cheaply since no line is tested); the ceiling no plan may exceed.
//
// A stage runs only on the lines that passed the stages before it.
type CostModel struct {
	Literal, FoldLiteral, Returned float64
	LiteralByte, FoldLiteralByte   float64
	RegexInst, RegexRun            float64
	Unfiltered                     float64 // 1 + Returned when 0
	// Sample is a set of ordinary log lines (no secrets) on which literal frequencies are
	// measured. Without it every line is assumed to pass, so no filter pays for itself.
	Sample [][]byte
	// MaxStages bounds the chained stages (1 when 0).
	MaxStages int
}

// LokiCostModel is the model calibrated on a real Loki 3.7.6 (see docs/pushdown-loki.md).
func LokiCostModel(sample [][]byte) CostModel {
	return CostModel{Literal: lokiLiteralCost, FoldLiteral: lokiFoldLiteralCost, Returned: lokiReturnedCost,
		LiteralByte: lokiLiteralByteCost, FoldLiteralByte: lokiFoldLiteralByteCost, Unfiltered: lokiUnfilteredCost,
		RegexInst: lokiRegexInstCost, RegexRun: lokiRegexRunCost,
		Sample: sample, MaxStages: 2}
}

// Calibration of LokiCostModel, in floors per line (see docs/pushdown-loki.md for the runs).
const (
	lokiLiteralCost         = 0.02
	lokiLiteralByteCost     = 0.01
	lokiFoldLiteralCost     = 0.18
	lokiFoldLiteralByteCost = 0.013
	lokiReturnedCost        = 60
	lokiRegexInstCost       = 0.05
	lokiRegexRunCost        = 2
	lokiUnfilteredCost      = 21
)

// testCost is what testing one line for l costs under m, given how often each byte occurs
// in an average line (perLine). A one-byte literal is a single vectorised scan that stops at
// its first occurrence, a match.
func (m CostModel) testCost(l Literal, perLine *[256]float64) float64 {
	if l.Regex {
		return m.regexCost(l.Text, perLine, nil)
	}
	base, perByte := m.Literal, m.LiteralByte
	if l.IgnoreCase {
		base, perByte = m.FoldLiteral, m.FoldLiteralByte
	}
	if len(l.Text) < 2 || perLine == nil {
		return base
	}
	c := l.Text[0]
	n := perLine[c]
	if l.IgnoreCase && 'a' <= c && c <= 'z' {
		n += perLine[c-'a'+'A']
	}
	return base + perByte*n
}

// regexCost prices a regex literal (see CostModel) given the sample (nil: every line holds
// its literal prefix).
func (m CostModel) regexCost(text string, perLine *[256]float64, sample [][]byte) float64 {
	re, err := syntax.Parse("(?s)"+text, syntax.Perl)
	if err != nil {
		return m.unfiltered() // the store refuses it: never worth sending
	}
	prog, err := syntax.Compile(re.Simplify())
	if err != nil {
		return m.unfiltered()
	}
	if prefix, _ := prog.Prefix(); prefix != "" {
		hits := 1.0
		if len(sample) > 0 {
			n := 0
			for _, line := range sample {
				if bytes.Contains(line, []byte(prefix)) {
					n++
				}
			}
			hits = float64(n) / float64(len(sample))
		}
		return m.testCost(Literal{Text: prefix}, perLine) + hits*m.RegexRun
	}
	c := m.RegexInst * float64(len(prog.Inst))
	if len(prog.Inst) > 500 {
		c *= 2.5
	}
	return c
}

// bytesPerLine counts how often each byte occurs in an average line of sample (nil without
// a sample).
func bytesPerLine(sample [][]byte) *[256]float64 {
	if len(sample) == 0 {
		return nil
	}
	var n [256]float64
	for _, line := range sample {
		for _, c := range line {
			n[c]++
		}
	}
	for i := range n {
		n[i] /= float64(len(sample))
	}
	return &n
}

// unfiltered is the cost of filtering nothing.
func (m CostModel) unfiltered() float64 {
	if m.Unfiltered > 0 {
		return m.Unfiltered
	}
	return 1 + m.Returned
}

// planCost is the modelled cost of stages of candidates, in floors.
func (pl *planner) planCost(stages [][]int) float64 { return pl.estimate(stages).Cost }

// estimate prices stages of candidates: each stage's tests on the share of lines reaching
// it, and the lines the last lets through, in the sample or by accident (see prior).
func (pl *planner) estimate(stages [][]int) PlanEstimate {
	if len(stages) == 0 {
		return PlanEstimate{Cost: pl.m.unfiltered(), Returned: 1}
	}
	mask := pl.all()
	est := PlanEstimate{Cost: 1}
	for _, st := range stages {
		est.Cost += pl.fraction(mask) * pl.testCost(st)
		mask = pl.pass(mask, st)
		for _, id := range st {
			if pl.cands[id].lit.Regex {
				est.Regexes++
			} else if pl.cands[id].lit.IgnoreCase {
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
	pl := &planner{m: m, n: len(m.Sample), perLine: bytesPerLine(m.Sample)}
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

// prior is the chance that a line holds literal l by accident in a random token (ids,
// base64, hashes) that a sample of ordinary logs may not show: about randomChars positions a
// line, each matching with the chance of l's characters in such a token (letters and digits
// about 1/62 each, or 1/36 ignoring case; + / = - _ rarer; other punctuation never). It
// keeps the planner from preferring a short literal only because the sample happens not
// to contain it.
func prior(l Literal) float64 {
	if l.Regex {
		return 0 // a key and its separator: not a run of random characters
	}
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
