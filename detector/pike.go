package detector

import (
	"regexp/syntax"
	"sync"
	"unicode/utf8"
)

// pike runs one rule's regex as Go's regexp runs it without a literal prefix or a one-pass
// program (a Pike VM: every thread in step, leftmost first, the same priorities and capture
// rules as regexp's NFA), with one difference: a new attempt starts only at the positions the
// caller allows. Go's regexp starts one at every byte to the end of its input; a keyword
// rule's match can only start within a few bytes before one of its keyword hits, and a line
// holding every keyword once, then a megabyte of filler, made every rule whose separator is
// `\s*` start attempts over the megabyte. Here the search stops as soon as no attempt is
// alive and no allowed start lies ahead, and jumps over the gaps between allowed starts: one
// pass per rule and window, however many starts, reading past the last start only as far as
// a match begun there can run; and where the text repeats while the live attempts come back
// as they were (a \s* over a megabyte of spaces), it steps over the repeats at once.
//
// The VM is written after the design of Go's own NFA (regexp's exec.go: the same queues,
// thread order and capture copying), so that its matches are regexp's, which the tests
// check against regexp itself.
type pike struct {
	prog *syntax.Prog
	ncap int
	cond syntax.EmptyOp
	// first[b]: a match may begin with a rune whose first byte is b (a superset: every
	// non-ASCII byte is in when any non-ASCII rune may begin one). No attempt starts
	// elsewhere: it would die on its first rune.
	first [256]bool
}

// machines are the VM's working memory, shared by every rule's program: a scan runs one
// search at a time, so a machine per goroutine serves the whole catalogue, where one per
// rule held about 20 KiB a rule (8.5 MiB for the built-in catalogue). A cache, as regexp's
// own machine pools are: nothing in it outlives a search.
var machines = sync.Pool{New: func() any { return new(pikeMachine) }}

// firstBytes is the first bytes of the runes prog's matches may begin with, from the
// instructions its start reaches without reading (conditions ignored: a superset).
func firstBytes(prog *syntax.Prog) (first [256]bool) {
	all := func() {
		for i := range first {
			first[i] = true
		}
	}
	seen := make([]bool, len(prog.Inst))
	stack := []uint32{uint32(prog.Start)}
	for len(stack) > 0 {
		pc := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[pc] {
			continue
		}
		seen[pc] = true
		i := &prog.Inst[pc]
		switch i.Op {
		case syntax.InstAlt, syntax.InstAltMatch:
			stack = append(stack, i.Out, i.Arg)
		case syntax.InstNop, syntax.InstCapture, syntax.InstEmptyWidth:
			stack = append(stack, i.Out)
		case syntax.InstRune, syntax.InstRune1:
			fold := syntax.Flags(i.Arg)&syntax.FoldCase != 0
			runes := i.Rune
			if len(runes) == 1 { // one rune, not a range
				runes = []rune{runes[0], runes[0]}
			}
			for k := 0; k+1 < len(runes); k += 2 {
				lo, hi := runes[k], runes[k+1]
				if hi >= utf8.RuneSelf || fold {
					// Non-ASCII runes, and folds (k to the Kelvin sign): every byte of
					// their class, and both ASCII cases.
					for b := 0x80; b < 256; b++ {
						first[b] = true
					}
				}
				for c := lo; c <= hi && c < utf8.RuneSelf; c++ {
					first[c] = true
					if fold {
						first[lowerASCII(byte(c))] = true
						if 'a' <= c && c <= 'z' {
							first[c-'a'+'A'] = true
						}
					}
				}
			}
		case syntax.InstFail:
		default: // any rune, or a match
			all()
			return first
		}
	}
	return first
}

// pikes holds every VM program built in this process, by pattern, as compiled holds the
// regexps: a reload or a second detector builds none again. A *pike is read-only.
var pikes sync.Map // string -> *pike

// newPike compiles pattern as regexp.Compile does (Perl syntax, simplified), once per process.
func newPike(pattern string) (*pike, error) {
	if p, ok := pikes.Load(pattern); ok {
		return p.(*pike), nil
	}
	p, err := buildPike(pattern)
	if err != nil {
		return nil, err
	}
	q, _ := pikes.LoadOrStore(pattern, p)
	return q.(*pike), nil
}

func buildPike(pattern string) (*pike, error) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil, err
	}
	ncap := 2 * (re.MaxCap() + 1)
	prog, err := syntax.Compile(re.Simplify())
	if err != nil {
		return nil, err
	}
	return &pike{prog: prog, ncap: ncap, cond: prog.StartCond(), first: firstBytes(prog)}, nil
}

// groups is the number of capture groups of p's pattern (regexp's NumSubexp).
func (p *pike) groups() int { return p.ncap/2 - 1 }

// use readies m for p's program: queues as long as the program (a sparse set needs no
// clearing, only room), captures of its size, and no spare thread of another size.
func (m *pikeMachine) use(p *pike) {
	if m.p == p {
		return
	}
	m.p = p
	if n := len(p.prog.Inst); len(m.q0.sparse) < n {
		m.q0 = pikeQueue{sparse: make([]uint32, n), dense: make([]pikeEntry, 0, n)}
		m.q1 = pikeQueue{sparse: make([]uint32, n), dense: make([]pikeEntry, 0, n)}
	}
	if len(m.matchcap) != p.ncap {
		m.matchcap = make([]int, p.ncap)
		clear(m.free)
		m.free = m.free[:0]
	}
}

// mustPike is newPike for a pattern already compiled by regexp (a rule's, proven).
func mustPike(pattern string) *pike {
	p, err := newPike(pattern)
	if err != nil {
		panic("detector: " + err.Error())
	}
	return p
}

// anchoredStart allows one start, at the input's first byte.
var anchoredStart = []window{{start: 0, end: 0}}

type pikeThread struct {
	inst *syntax.Inst
	cap  []int
}

type pikeEntry struct {
	pc uint32
	t  *pikeThread
}

// pikeQueue is a sparse set of program counters, in priority order.
type pikeQueue struct {
	sparse []uint32
	dense  []pikeEntry
}

type pikeMachine struct {
	p        *pike
	q0, q1   pikeQueue
	free     []*pikeThread
	matched  bool
	matchcap []int
	// snapPCs and snapCaps are the attempts alive at snapAt (-1: none), to tell a step that
	// changed nothing.
	snapAt   int
	snapPCs  []uint32
	snapCaps []int
	// snapEvery steps apart, sinceSnap since the last (Brent's cycle detection).
	snapEvery, sinceSnap int
}

// periodEnd is the last position at + j*(at-s0) (j >= 0) up to which text repeats
// text[s0:at] with room for one rune of look-ahead, so that the attempts at s0 and at, equal,
// see the same runes and contexts over every repeat: stepping from at to it changes nothing.
// It reads what it steps over once (text is cut at the next allowed start).
func periodEnd(text []byte, s0, at int) int {
	period := at - s0
	i := s0
	for i+period < len(text) && text[i] == text[i+period] {
		i++
	}
	end := i + period // text[s0:end] has the period
	if end-utf8.UTFMax < at {
		return at
	}
	return at + (end-utf8.UTFMax-at)/period*period
}

func (m *pikeMachine) snap(q *pikeQueue, at int, r rune) {
	m.snapAt = at
	m.snapPCs, m.snapCaps = m.snapPCs[:0], m.snapCaps[:0]
	for _, d := range q.dense {
		m.snapPCs = append(m.snapPCs, d.pc)
		if d.t != nil && survives(d.t.inst, r) {
			m.snapCaps = append(m.snapCaps, d.t.cap...)
		}
	}
}

// sameSnap: q holds the snapshot's instructions, and the attempts that live on over r hold
// the same captures (the others die on r whatever theirs).
func (m *pikeMachine) sameSnap(q *pikeQueue, r rune) bool {
	if len(q.dense) != len(m.snapPCs) {
		return false
	}
	k := 0
	for i, d := range q.dense {
		if d.pc != m.snapPCs[i] {
			return false
		}
		if d.t != nil && survives(d.t.inst, r) {
			if k+len(d.t.cap) > len(m.snapCaps) {
				return false
			}
			for j, c := range d.t.cap {
				if m.snapCaps[k+j] != c {
					return false
				}
			}
			k += len(d.t.cap)
		}
	}
	return k == len(m.snapCaps)
}

// survives: an attempt at i lives on over rune r (or has matched).
func survives(i *syntax.Inst, r rune) bool {
	switch i.Op {
	case syntax.InstRune:
		return i.MatchRune(r)
	case syntax.InstRune1:
		return r == i.Rune[0]
	case syntax.InstRuneAny:
		return true
	case syntax.InstRuneAnyNotNL:
		return r != '\n'
	}
	return true
}

const pikeEnd = -1 // the rune "after" the end of the input

// step is the rune at text[pos] and its width, or pikeEnd at the end.
func pikeStep(text []byte, pos int) (rune, int) {
	if pos >= len(text) {
		return pikeEnd, 0
	}
	if c := text[pos]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRune(text[pos:])
}

// context is the empty-width flags at pos, from the runes either side.
func pikeContext(text []byte, pos int) syntax.EmptyOp {
	r1, r2 := rune(pikeEnd), rune(pikeEnd)
	if pos > 0 && pos <= len(text) {
		r1, _ = utf8.DecodeLastRune(text[:pos])
	}
	if pos < len(text) {
		r2, _ = utf8.DecodeRune(text[pos:])
	}
	return syntax.EmptyOpContext(r1, r2)
}

// search finds the first match (leftmost, then by priority) in text that starts at or after
// from, at a rune start inside one of regs (sorted ranges, ends inclusive), and returns its
// capture positions (absolute; -1 for groups that did not take part), and how many bytes it
// stepped over (the work counter's: the gaps between allowed starts it jumped are not read).
func (p *pike) search(text []byte, from int, regs []window) ([]int, bool, int) {
	m := machines.Get().(*pikeMachine)
	defer machines.Put(m)
	m.use(p)
	return m.search(text, from, regs)
}

func (m *pikeMachine) search(text []byte, from int, regs []window) ([]int, bool, int) {
	p := m.p
	if p.cond == ^syntax.EmptyOp(0) {
		return nil, false, 0
	}
	m.matched = false
	m.snapAt, m.snapEvery, m.sinceSnap = -1, 1, 0
	for i := range m.matchcap {
		m.matchcap[i] = -1
	}
	runq, nextq := &m.q0, &m.q1
	runq.dense, nextq.dense = runq.dense[:0], nextq.dense[:0]
	gi := 0
	// nextStart is the first allowed start at or after pos (gi moved to its range), or -1.
	nextStart := func(pos int) int {
		for gi < len(regs) {
			if regs[gi].end < pos {
				gi++
				continue
			}
			s := runeStart(text, max(pos, regs[gi].start))
			if s > regs[gi].end {
				gi++
				continue
			}
			return s
		}
		return -1
	}
	pos := nextStart(from)
	if pos < 0 || pos >= len(text) {
		return nil, false, 0
	}
	r, width := pikeStep(text, pos)
	r1, width1 := rune(pikeEnd), 0
	if r != pikeEnd {
		r1, width1 = pikeStep(text, pos+width)
	}
	flag := pikeContext(text, pos)
	steps := 0
	for {
		if len(runq.dense) == 0 {
			if p.cond&syntax.EmptyBeginText != 0 && pos != 0 {
				break
			}
			if m.matched {
				break
			}
			// No attempt alive: go on at the next allowed start, or stop.
			s := nextStart(pos)
			if s < 0 || s >= len(text) {
				break
			}
			if s != pos {
				pos = s
				r, width = pikeStep(text, pos)
				r1, width1 = pikeEnd, 0
				if r != pikeEnd {
					r1, width1 = pikeStep(text, pos+width)
				}
				flag = pikeContext(text, pos)
			}
		}
		started := false
		if !m.matched && (pos == 0 || p.cond&syntax.EmptyBeginText == 0) {
			if nextStart(pos) == pos && (pos >= len(text) || p.first[text[pos]]) {
				started = true
				if len(m.matchcap) > 0 {
					m.matchcap[0] = pos
				}
				m.add(runq, uint32(p.prog.Start), pos, m.matchcap, flag, nil)
			}
		}
		next := syntax.EmptyOpContext(r, r1)
		m.step(runq, nextq, pos, pos+width, r, next)
		steps += width
		if at := pos + width; !m.matched && !started && r1 != pikeEnd && len(nextq.dense) > 0 {
			// Attempts that come back as they were after a stretch of text (a \s* over
			// spaces, curl's .*? over "x x x") stay so while the text repeats that stretch:
			// go to the last repeat at once, unless a start lies within. Cycles are found
			// as Brent's method finds them (a snapshot at doubling intervals); "as they
			// were" is the same instructions, and the same captures in the attempts that
			// live on over the next rune (the others, such as a value's first byte opened
			// at each space, die on it, and the landing step drops them).
			if m.snapAt >= 0 && m.sameSnap(nextq, r1) {
				limit := len(text)
				if s := nextStart(at); s >= 0 {
					limit = s // no start within what is stepped over
				}
				if target := periodEnd(text[:limit], m.snapAt, at); target > at {
					steps += target - at
					pos = target - width
				}
				m.snapAt, m.snapEvery, m.sinceSnap = -1, 1, 0
			} else if m.sinceSnap >= m.snapEvery {
				m.snap(nextq, at, r1)
				m.snapEvery, m.sinceSnap = 2*m.snapEvery, 0
			}
			m.sinceSnap++
		} else {
			m.snapAt, m.snapEvery, m.sinceSnap = -1, 1, 0
		}
		if width == 0 {
			break
		}
		pos += width
		r, width = r1, width1
		if r != pikeEnd {
			r1, width1 = pikeStep(text, pos+width)
		}
		flag = next
		runq, nextq = nextq, runq
	}
	for _, d := range nextq.dense {
		if d.t != nil {
			m.free = append(m.free, d.t)
		}
	}
	nextq.dense = nextq.dense[:0]
	for _, d := range runq.dense {
		if d.t != nil {
			m.free = append(m.free, d.t)
		}
	}
	runq.dense = runq.dense[:0]
	if !m.matched {
		return nil, false, steps
	}
	out := make([]int, len(m.matchcap))
	copy(out, m.matchcap)
	return out, true, steps
}

// step moves every thread of runq over rune c at pos into nextq, highest priority first; a
// thread reaching Match records it and cuts the lower-priority ones (leftmost-first).
func (m *pikeMachine) step(runq, nextq *pikeQueue, pos, nextPos int, c rune, nextCond syntax.EmptyOp) {
	for j := 0; j < len(runq.dense); j++ {
		d := &runq.dense[j]
		t := d.t
		if t == nil {
			continue
		}
		i := t.inst
		add := false
		switch i.Op {
		case syntax.InstMatch:
			if len(t.cap) > 0 {
				t.cap[1] = pos
				copy(m.matchcap, t.cap)
			}
			for _, d := range runq.dense[j+1:] {
				if d.t != nil {
					m.free = append(m.free, d.t)
				}
			}
			runq.dense = runq.dense[:0]
			m.matched = true
		case syntax.InstRune:
			add = i.MatchRune(c)
		case syntax.InstRune1:
			add = c == i.Rune[0]
		case syntax.InstRuneAny:
			add = true
		case syntax.InstRuneAnyNotNL:
			add = c != '\n'
		}
		if add {
			t = m.add(nextq, i.Out, nextPos, t.cap, nextCond, t)
		}
		if t != nil {
			m.free = append(m.free, t)
		}
	}
	runq.dense = runq.dense[:0]
}

// add puts pc and what it leads to without reading a rune into q, with capture positions
// cap; t is a thread to reuse (returned when unused).
func (m *pikeMachine) add(q *pikeQueue, pc uint32, pos int, cap []int, cond syntax.EmptyOp, t *pikeThread) *pikeThread {
again:
	if pc == 0 {
		return t
	}
	if j := q.sparse[pc]; j < uint32(len(q.dense)) && q.dense[j].pc == pc {
		return t
	}
	j := len(q.dense)
	q.dense = q.dense[:j+1]
	d := &q.dense[j]
	d.t = nil
	d.pc = pc
	q.sparse[pc] = uint32(j)
	i := &m.p.prog.Inst[pc]
	switch i.Op {
	case syntax.InstFail:
	case syntax.InstAlt, syntax.InstAltMatch:
		t = m.add(q, i.Out, pos, cap, cond, t)
		pc = i.Arg
		goto again
	case syntax.InstEmptyWidth:
		if syntax.EmptyOp(i.Arg)&^cond == 0 {
			pc = i.Out
			goto again
		}
	case syntax.InstNop:
		pc = i.Out
		goto again
	case syntax.InstCapture:
		if int(i.Arg) < len(cap) {
			opos := cap[i.Arg]
			cap[i.Arg] = pos
			m.add(q, i.Out, pos, cap, cond, nil)
			cap[i.Arg] = opos
		} else {
			pc = i.Out
			goto again
		}
	case syntax.InstMatch, syntax.InstRune, syntax.InstRune1, syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
		if t == nil {
			t = m.alloc(i)
		} else {
			t.inst = i
		}
		if len(t.cap) > 0 && &t.cap[0] != &cap[0] {
			copy(t.cap, cap)
		}
		d.t = t
		t = nil
	default:
		panic("detector: bad regex instruction")
	}
	return t
}

func (m *pikeMachine) alloc(i *syntax.Inst) *pikeThread {
	var t *pikeThread
	if n := len(m.free); n > 0 {
		t = m.free[n-1]
		m.free = m.free[:n-1]
	} else {
		t = &pikeThread{cap: make([]int, len(m.matchcap))}
	}
	t.inst = i
	return t
}
