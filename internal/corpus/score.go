package corpus

// Score compares findings with the ground truth. A finding is correct when a planted secret
// has the same line, byte range and rule; every other finding is a false positive, sorted by
// cause: on a decoy, at a planted secret's place but by another rule (a duplicate), or
// elsewhere (unexpected: background text a rule mistook for a secret).
type Score struct {
	Planted, Recalled  int
	Findings, Correct  int
	DecoyHits          map[string]int // decoy kind -> findings
	Duplicates         map[string]int // "rule (planted as other-rule)" -> findings
	Unexpected         map[string]int // rule -> findings
	Missed             map[string]int // rule -> planted secrets not found
	MissedLines        []int          // first line numbers of missed secrets, to inspect
	UnexpectedLines    []int          // first line numbers of unexpected findings
	FindingsOutsideRun int            // findings repeated for one planted secret
}

// Recall is the share of planted secrets found (1 when nothing was planted).
func (s Score) Recall() float64 {
	if s.Planted == 0 {
		return 1
	}
	return float64(s.Recalled) / float64(s.Planted)
}

// Precision is the share of findings that are planted secrets (1 when nothing was found).
func (s Score) Precision() float64 {
	if s.Findings == 0 {
		return 1
	}
	return float64(s.Correct) / float64(s.Findings)
}

type secretKey struct {
	line, start, end int
	rule             string
}

// Scorer accumulates findings against a Truth.
type Scorer struct {
	truth   *Truth
	secrets map[secretKey]int
	byLine  map[int][]int // line -> indexes of secrets on it
	decoys  map[int][]int // line -> indexes of decoys on it
	found   []bool
	s       Score
}

const keepLines = 20

// NewScorer indexes the truth.
func NewScorer(t *Truth) *Scorer {
	sc := &Scorer{truth: t, secrets: map[secretKey]int{}, byLine: map[int][]int{}, decoys: map[int][]int{}, found: make([]bool, len(t.Secrets))}
	for i, p := range t.Secrets {
		sc.secrets[secretKey{p.Line, p.Start, p.End, p.Rule}] = i
		sc.byLine[p.Line] = append(sc.byLine[p.Line], i)
	}
	for i, p := range t.Decoys {
		sc.decoys[p.Line] = append(sc.decoys[p.Line], i)
	}
	sc.s = Score{Planted: len(t.Secrets), DecoyHits: map[string]int{}, Duplicates: map[string]int{}, Unexpected: map[string]int{}, Missed: map[string]int{}}
	return sc
}

// Add scores one finding: line is 1-based, start/end byte offsets in the line.
func (sc *Scorer) Add(line, start, end int, rule string) {
	sc.s.Findings++
	if i, ok := sc.secrets[secretKey{line, start, end, rule}]; ok {
		if sc.found[i] {
			sc.s.FindingsOutsideRun++
			return
		}
		sc.found[i] = true
		sc.s.Correct++
		return
	}
	for _, i := range sc.decoys[line] {
		if d := sc.truth.Decoys[i]; start < d.End && d.Start < end {
			sc.s.DecoyHits[d.Decoy+" by "+rule]++
			return
		}
	}
	for _, i := range sc.byLine[line] {
		if p := sc.truth.Secrets[i]; start < p.End && p.Start < end {
			sc.s.Duplicates[rule+" (planted as "+p.Rule+")"]++
			return
		}
	}
	sc.s.Unexpected[rule]++
	if len(sc.s.UnexpectedLines) < keepLines {
		sc.s.UnexpectedLines = append(sc.s.UnexpectedLines, line)
	}
}

// Result returns the score so far; secrets not yet found count as missed.
func (sc *Scorer) Result() Score {
	s := sc.s
	s.Missed = map[string]int{}
	s.MissedLines = nil
	s.Recalled = 0
	for i, f := range sc.found {
		if f {
			s.Recalled++
			continue
		}
		p := sc.truth.Secrets[i]
		s.Missed[p.Rule]++
		if len(s.MissedLines) < keepLines {
			s.MissedLines = append(s.MissedLines, p.Line)
		}
	}
	return s
}
