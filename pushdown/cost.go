package pushdown

import "math"

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
