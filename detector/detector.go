package detector

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"math"
	"regexp"
	"regexp/syntax"
	"slices"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/leakwatch/leakwatch/internal/verdict"
	"github.com/leakwatch/leakwatch/queries"
)

// Redaction selects how much of a secret a preview shows.
type Redaction string

const (
	// RedactPartial shows the format's public prefix and the last 4 characters of long secrets.
	RedactPartial Redaction = "partial"
	// RedactFull shows nothing of the secret.
	RedactFull Redaction = "full"
)

// Options configure a Detector.
type Options struct {
	// Key is the HMAC-SHA256 key for fingerprints. Required unless Stable is set.
	Key []byte
	// Stable makes fingerprints keyless and the same on every run and machine
	// (StableFingerprint): what a CI gate's reports, baselines and ignore files need.
	Stable bool
	// Ignore holds fingerprints whose findings are dropped (reason "ignored"). An entry
	// matches the finding's fingerprint or, under a key, its stable fingerprint too, so one
	// .leakwatchignore serves scans and the daemon.
	Ignore    *IgnoreSet
	Redaction Redaction
	// Allow lists exact secret values that are never findings (documented example keys).
	Allow []string
	// OnSuppressed, when set, is told of every candidate a validator, the allowlist or a
	// placeholder check dropped. reason is a fixed word, fit for a metric label.
	OnSuppressed func(ruleID, reason string)
	// NoPrefilter runs every rule's regex over every whole line. It is the reference the
	// keyword prefilter must reproduce exactly, kept for tests and for measuring its gain.
	NoPrefilter bool
	// Verify, when set, is asked whether each finding's secret still works. It is called here,
	// while the secret is still in memory and before the Finding is built, because no full
	// secret ever leaves the detector; only its verdict does (Finding.Verified). It is
	// called once per finding, on the scanning goroutine: it must be quick when it has
	// nothing to do (rule not verified, verdict still fresh) and bound its own network time.
	Verify Verifier
}

// Verifier checks a secret with its issuer (opt-in live verification, internal/verify).
// line is the scanned text (AWS needs the key id next to the secret). An empty verdict
// means "not checked now" (rule not verified, checked recently, rate limited). A secret
// that still works (verdict.Live) raises its finding to critical severity.
type Verifier interface {
	Verify(ruleID, secret, fingerprint string, line []byte) (said verdict.Verdict, reason string)
}

// DefaultAllow are vendors' documented example credentials, allowlisted by default.
var DefaultAllow = []string{
	"AKIAIOSFODNN7EXAMPLE",
	"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
}

// Finding is one detected secret. It never holds the secret itself.
type Finding struct {
	RuleID      string
	Description string
	Severity    queries.Severity
	// Start and End are byte offsets of the secret in the scanned text; Column is Start+1.
	Start, End int
	Column     int
	// Line is filled by callers that count lines (the detector sees one line at a time).
	Line        int
	Preview     string
	Fingerprint string // hex HMAC-SHA256 of the secret under Options.Key, or StableFingerprint
	// Verified is the live verification's verdict (live, revoked, unknown) with its
	// reason, or "" when it was not checked.
	Verified     verdict.Verdict
	VerifyReason string
	// Pair is the secret of the credential this finding identifies, found beside it
	// (queries.Pairs): Preview then names both ("AKIA…2CEZ + …fdOo").
	Pair *PairPart
}

// ShortFingerprint is the prefix of the fingerprint shown to people.
func (f Finding) ShortFingerprint() string {
	if len(f.Fingerprint) > 12 {
		return f.Fingerprint[:12]
	}
	return f.Fingerprint
}

// maxWindow caps the distance a rule's match may reach around its keyword; a rule whose
// regex can match more (or any length) is run over the whole line when its keyword occurs.
const maxWindow = 4096

// Detector runs a compiled catalogue over lines. It is safe for concurrent use.
type Detector struct {
	rules []*queries.Rule
	// lazy[i] is rule i compiled: its regex and reach, made on the first hit of one of its
	// keywords. Most rules never see one in a given log, and a process that scans an empty
	// file compiles nothing.
	lazy []lazyRule
	// pf is the one keyword automaton (Aho–Corasick, prefilter.go) over every rule's
	// keywords, built once per rule set and walked once per line.
	pf *prefilter
	// pairs joins an identifier and its secret into one finding (nil: no pair in the rules).
	pairs *pairing
	opts  Options
	allow map[string]struct{}
	// scratch holds per-scan buffers; only lines with a keyword hit take one.
	scratch sync.Pool
	stable  stableCache
	// fallback maps the IDs of Fallback rules to their rules; nil when there are none.
	fallback map[string]*queries.Rule
	// work, when set (tests only), counts what searches cost: see keyRunWork.
	work *keyRunWork
	// windowed runs every keyword rule's regex unanchored over its whole window, the search
	// before start ranges (starts.go): kept for tests and benchmarks to compare against.
	windowed bool
}

// keyRunWork counts the work rules do on a line, for tests proving it linear in the line's
// length. keyRun rules: anchored attempts, bytes stepped over (finding run starts, candidate
// starts), and bytes an attempt may read (from its start to the end of its key run, which
// bounds what the key's leading [A-Za-z0-9_.-]* reads). Other rules: regex searches, and
// the bytes those searches read (the regex engine's own reads, measured through a counting
// reader: a search that starts no new attempt stops reading when its last one dies).
type keyRunWork struct {
	attempts, stepped, reads atomic.Int64
	searches, read           atomic.Int64
}

// New checks rules and compiles those not from the catalogue. Rules are shared, not copied:
// the detector never modifies them.
func New(rules []*queries.Rule, opts Options) (*Detector, error) {
	if len(opts.Key) == 0 {
		if !opts.Stable {
			return nil, fmt.Errorf("detector: a fingerprint key is required")
		}
		// Only indexes the stable-fingerprint cache; never shown.
		opts.Key = make([]byte, 32)
		if _, err := rand.Read(opts.Key); err != nil {
			return nil, fmt.Errorf("detector: cache key: %w", err)
		}
	}
	if opts.Redaction == "" {
		opts.Redaction = RedactPartial
	}
	if opts.Redaction != RedactPartial && opts.Redaction != RedactFull {
		return nil, fmt.Errorf("detector: redaction %q: want partial or full", opts.Redaction)
	}
	seen := map[string]bool{}
	for _, r := range rules {
		// Built-in rules are proven by the catalogue's tests and compiled on first use; a
		// user's rule is compiled now, so a bad one fails here and not in the middle of a scan.
		err := r.Check()
		if err == nil && !r.Builtin() {
			_, _, err = compileRule(r)
		}
		if err != nil {
			return nil, err
		}
		if seen[r.ID] {
			return nil, fmt.Errorf("rule %s: duplicate id", r.ID)
		}
		seen[r.ID] = true
	}
	d := &Detector{rules: rules, lazy: make([]lazyRule, len(rules)), pf: newPrefilter(rules), opts: opts, allow: map[string]struct{}{},
		pairs: newPairing(rules)}
	for _, a := range opts.Allow {
		d.allow[a] = struct{}{}
	}
	for _, r := range rules {
		if r.Fallback {
			if d.fallback == nil {
				d.fallback = map[string]*queries.Rule{}
			}
			d.fallback[r.ID] = r
		}
	}
	n := len(rules)
	d.scratch.New = func() any {
		sc := &scratch{open: make([]window, n), reg: make([]window, n)}
		for i := range sc.open {
			sc.open[i].end = -1
			sc.reg[i].end = -1
		}
		return sc
	}
	return d, nil
}

// lazyRule is one rule made ready to run, once, by whichever scan first needs it.
type lazyRule struct {
	ready atomic.Bool // set once group, reach and the searches below are written
	once  sync.Once
	// re is Go's regexp of the rule, compiled on first use (regexp): for the rules the VM
	// does not search, TrimSecret's second look and the whole-window reference.
	reOnce sync.Once
	re     *regexp.Regexp
	group  int
	reach  reach
	// keyRun: the rule's matches start in the identifier run around a keyword
	// (queries.StartsInKeyRun). It runs anchored at that run's word starts: at0 on the
	// line's first byte, at with the byte before the start (for \b) otherwise (both run by
	// the Pike VM, which steps over a run of spaces after a key at once).
	keyRun      bool
	at0VM, atVM *pike
	// rest, when set, finds a key-run match without reading its key through (keyRest).
	rest *keyRest
	// vm searches only the starts a keyword hit allows (pike.go); nil for rules that keep
	// the whole-window search (KeywordAnywhere without anchors, regexes that may match the
	// empty string).
	vm *pike
	// anchors narrow the starts of a rule with no bound before its keyword (anchors.go).
	anchors *anchors
}

// keyRest is a key-run rule's regex in parts (queries.KeyRunParts): kw, anchored, is the
// keyword NAME must hold; word and flag, anchored after a context byte, what follows the key
// in each branch. Their capture groups are the whole regex's (NAME and the separator have
// none).
type keyRest struct {
	kw         *regexp.Regexp
	word, flag *pike // run by the Pike VM
}

// prep compiles rule i on first use; concurrent scans wait for the first and share it. Once
// ready, it costs one atomic load: the closure sync.Once needs is only made on the slow path,
// as it would otherwise be allocated on every keyword hit.
func (d *Detector) prep(i int) *lazyRule {
	l := &d.lazy[i]
	if !l.ready.Load() {
		d.prepSlow(i)
	}
	return l
}

// CompileAll compiles every rule now rather than on first use: for a benchmark that measures
// steady-state throughput apart from start-up.
func (d *Detector) CompileAll() {
	for i := range d.rules {
		d.prep(i)
	}
}

func (d *Detector) prepSlow(i int) {
	l := &d.lazy[i]
	l.once.Do(func() {
		r := d.rules[i]
		group, groups, err := ruleGroup(r)
		if err != nil {
			// Only built-in rules get here unchecked, and TestCatalogShape compiles them all.
			panic("detector: built-in " + err.Error())
		}
		l.group, l.reach = group, ruleReach(r)
		if parts, ok := queries.KeyRunRegex(r); ok && r.TrimSecret == nil && !r.KeywordAnywhere {
			l.keyRun = true
			l.at0VM, l.atVM = mustPike(`^(?:`+r.Regex+`)`), mustPike(`^(?s:.)(?:`+r.Regex+`)`)
			if parts.Keyword != "" {
				rest := &keyRest{
					kw:   regexp.MustCompile(`^(?:` + parts.Keyword + `)`),
					word: mustPike(`^(?s:.)(?:` + parts.Word + `)`),
					flag: mustPike(`^(?s:.)(?:` + parts.Flag + `)`),
				}
				if rest.word.groups() == groups && rest.flag.groups() == groups {
					l.rest = rest
				}
			}
		}
		if !l.keyRun && !canMatchEmpty(r.Regex) {
			if l.reach.before < 0 {
				l.anchors = ruleAnchors(r)
			}
			// A KeywordAnywhere match may start anywhere on the line: only anchors narrow
			// its starts, and without them Go's regexp over the line is as good.
			if !r.KeywordAnywhere || l.anchors != nil {
				vm, err := newPike(r.Regex)
				if err != nil {
					panic("detector: rule " + r.ID + ": " + err.Error()) // compiled just above
				}
				l.vm = vm
			}
		}
		l.ready.Store(true)
	})
}

// regexp is the rule's Go regexp, compiled the first time a search needs it.
func (l *lazyRule) regexp(r *queries.Rule) *regexp.Regexp {
	l.reOnce.Do(func() {
		re, _, err := compileRule(r)
		if err != nil {
			panic("detector: " + err.Error()) // checked by ruleGroup when the rule was made ready
		}
		l.re = re
	})
	return l.re
}

// reach says how far from a keyword hit at text[ks:ke] a rule's match may extend: it starts
// at or after ke-before and ends at or before ks+after; -1 means up to the line's edge.
type reach struct {
	before, after int
	// need are literals every match contains (case-sensitive): a window without one of
	// them cannot match, which a byte search tells far faster than the regex.
	need [][]byte
}

// ruleReach bounds how far from a keyword hit the rule's regex must look. Every match
// contains a keyword (the Rule contract); when the regex can match at most n bytes, the match
// lies within n bytes of the keyword on either side. An unbounded regex whose leading part
// always contains a keyword still has a bound before the hit. Line-edge anchors pin the
// window to the edge they test.
func ruleReach(r *queries.Rule) reach {
	re, err := syntax.Parse(r.Regex, syntax.Perl)
	if err != nil {
		return reach{before: -1, after: -1}
	}
	rc := reach{before: -1, after: -1}
	if r.KeywordAnywhere {
		// The match need not contain the keyword: the window is the whole line. Literals the
		// regex requires are still required anywhere in it.
		rc.need = requiredLiterals(re)
		return rc
	}
	if n := maxMatchLen(re, maxWindow); n >= 0 {
		rc = reach{before: n, after: n}
	} else {
		rc.before = prefixReach(re, r)
	}
	if assertsEdge(re, syntax.OpBeginLine, syntax.OpBeginText) {
		rc.before = -1
	}
	if assertsEdge(re, syntax.OpEndLine, syntax.OpEndText) {
		rc.after = -1
	}
	rc.need = requiredLiterals(re)
	return rc
}

// Ignored is how many fingerprints the detector's ignore list holds.
func (d *Detector) Ignored() int { return d.opts.Ignore.Len() }

// Rules returns the compiled rules in catalogue order.
func (d *Detector) Rules() []*queries.Rule { return d.rules }

// window is a range of the line one rule's regex runs over.
type window struct {
	rule       int
	start, end int
}

type scratch struct {
	open    []window // per rule: the window being grown, end -1 when none
	touched []int    // rules with an open window
	wins    []window // closed windows
	// reg per rule is the range of starts being grown (end -1 when none, end inclusive: a
	// keyword hit's start), regs the closed ones: where a match may begin (starts.go).
	reg  []window
	regs []window
	fb   fallbacks
	// text[runS:runE] is the known part of the last identifier run a keyRun hit fell in,
	// runS its start: a later hit in the same run finds its start without walking back again.
	runS, runE int
}

// Scan finds secrets in one line (or one piece of a long line) and calls emit for each.
// Findings that end at or before skip are dropped: a caller scanning a long line in
// overlapping pieces passes the overlap length so a secret is reported once.
//
// Findings come rule by rule in catalogue order, and by position within a rule.
func (d *Detector) Scan(text []byte, skip int, emit func(Finding)) {
	if d.pairs == nil {
		d.scan(text, skip, emit)
		return
	}
	// The findings that may pair wait for the rest of the text; the others go out at once.
	var held []Finding
	d.scan(text, skip, func(f Finding) {
		if d.pairs.holds(f) {
			held = append(held, f)
		} else {
			emit(f)
		}
	})
	for _, f := range d.pairs.merge(text, held) {
		emit(f)
	}
}

func (d *Detector) scan(text []byte, skip int, emit func(Finding)) {
	if d.opts.NoPrefilter {
		var fb *fallbacks
		if d.fallback != nil {
			fb = &fallbacks{}
			defer fb.flush(d, emit)
		}
		for i, r := range d.rules {
			// The reference for KeywordAnywhere rules is gitleaks': the line must contain a
			// keyword (under the prefilter's ASCII case folding), the regex runs over all of it.
			if r.KeywordAnywhere && !keywordInLine(r, text) {
				continue
			}
			d.runRule(i, text, 0, len(text), skip, emit, fb)
		}
		return
	}
	var sc *scratch
	d.pf.scan(text, func(e *kwEntry, ks, ke int) {
		if sc == nil {
			sc = d.scratch.Get().(*scratch)
			sc.runS, sc.runE = 0, 0
		}
		d.hit(sc, text, int(e.rule), ks, ke)
	})
	if sc == nil {
		return
	}
	var fb *fallbacks
	if d.fallback != nil {
		fb = &sc.fb
	}
	for _, r := range sc.touched {
		sc.wins = append(sc.wins, sc.open[r])
		sc.open[r].end = -1
		if sc.reg[r].end >= 0 {
			sc.regs = append(sc.regs, sc.reg[r])
			sc.reg[r].end = -1
		}
	}
	byRuleStart := func(a, b window) int {
		if a.rule != b.rule {
			return a.rule - b.rule
		}
		if a.start != b.start {
			return a.start - b.start
		}
		return a.end - b.end
	}
	slices.SortFunc(sc.wins, byRuleStart)
	slices.SortFunc(sc.regs, byRuleStart)
	// regs[j:] are the start ranges of the windows not yet searched: each range lies in one
	// window of its rule, and both are in the same order.
	j := 0
	// keyRun rules: where the rule's previous match ended (one window per identifier run).
	last, from := -1, 0
	for _, w := range sc.wins {
		if d.lazy[w.rule].keyRun {
			if w.rule != last {
				last, from = w.rule, 0
			}
			from = d.runKeyRun(w.rule, text, max(w.start, from), w.end, skip, emit, fb)
			continue
		}
		k := j
		for k < len(sc.regs) && sc.regs[k].rule == w.rule && sc.regs[k].start <= w.end {
			k++
		}
		regs := sc.regs[j:k]
		j = k
		if w.end <= skip || !containsAll(text[w.start:w.end], d.lazy[w.rule].reach.need) {
			continue
		}
		if l := &d.lazy[w.rule]; l.vm != nil && !d.windowed {
			d.runStarts(w.rule, text, w, regs, skip, emit, fb)
			continue
		}
		d.runRule(w.rule, text, w.start, w.end, skip, emit, fb)
	}
	if fb != nil {
		fb.flush(d, emit)
	}
	sc.touched, sc.wins, sc.regs = sc.touched[:0], sc.wins[:0], sc.regs[:0]
	d.scratch.Put(sc)
}

// fallbacks holds the findings of Fallback rules until every rule has run on the line, and
// the spans of the other rules' findings, to let through those no other finding overlaps.
type fallbacks struct {
	held  []Finding
	spans [][2]int
}

// flush emits the held findings no other finding overlaps and empties fb for the next line.
func (fb *fallbacks) flush(d *Detector, emit func(Finding)) {
	if len(fb.held) > 0 && len(fb.spans) > 0 {
		// By start, each with the furthest end so far: whether a span overlaps a finding is
		// then one binary search, not a pass over every span.
		slices.SortFunc(fb.spans, func(a, b [2]int) int { return a[0] - b[0] })
		for i := 1; i < len(fb.spans); i++ {
			fb.spans[i][1] = max(fb.spans[i][1], fb.spans[i-1][1])
		}
	}
	for _, f := range fb.held {
		// The spans starting before f ends; the last holds the furthest end among them.
		n, _ := slices.BinarySearchFunc(fb.spans, f.End, func(s [2]int, end int) int {
			if s[0] < end {
				return -1
			}
			return 1
		})
		covered := n > 0 && fb.spans[n-1][1] > f.Start
		if covered {
			d.suppress(d.fallback[f.RuleID], "covered")
			continue
		}
		emit(f)
	}
	clear(fb.held)
	fb.held, fb.spans = fb.held[:0], fb.spans[:0]
}

// hit records a keyword of rule ri at text[ks:ke], growing or closing the rule's window.
// Hits arrive in order of ke, so window starts never decrease and merging is one pass.
func (d *Detector) hit(sc *scratch, text []byte, ri, ks, ke int) {
	ws, we := 0, len(text)
	l := d.prep(ri)
	if l.keyRun {
		// One window per identifier run: from the run's start to its last keyword's start,
		// the range where a match may begin (see runKeyRun).
		ws := d.runStart(sc, text, ks)
		o := &sc.open[ri]
		switch {
		case o.end < 0:
			sc.touched = append(sc.touched, ri)
		case o.start == ws:
			o.end = max(o.end, ks)
			return
		default:
			sc.wins = append(sc.wins, *o)
		}
		*o = window{rule: ri, start: ws, end: ks}
		return
	}
	rc := &l.reach
	if n := rc.before; n >= 0 {
		ws = max(0, min(ks, ke-n))
	}
	if n := rc.after; n >= 0 {
		we = min(len(text), max(ke, ks+n))
	}
	if l.vm != nil {
		// The match holds a keyword: it starts at or before this one's start (or another
		// hit's), and no further back than before allows. A KeywordAnywhere match may
		// start anywhere (its anchors narrow that).
		end := ks
		if d.rules[ri].KeywordAnywhere {
			end = len(text)
		}
		g := &sc.reg[ri]
		switch {
		case g.end < 0:
			*g = window{rule: ri, start: ws, end: end}
		case ws <= g.end:
			g.end = max(g.end, end)
		default:
			sc.regs = append(sc.regs, *g)
			*g = window{rule: ri, start: ws, end: end}
		}
	}
	o := &sc.open[ri]
	if o.end < 0 {
		sc.touched = append(sc.touched, ri)
		*o = window{rule: ri, start: safeStart(text, ws, 0), end: safeEnd(text, we)}
		return
	}
	if ws > o.end {
		ws = safeStart(text, ws, o.end)
	}
	if ws <= o.end {
		if we > o.end {
			o.end = safeEnd(text, we)
		}
		return
	}
	sc.wins = append(sc.wins, *o)
	*o = window{rule: ri, start: ws, end: safeEnd(text, we)}
}

// A window may only start after, and end before, an ASCII non-word byte (or at the line's
// edges): there the regex sees the same \b context and the same UTF-8 rune boundaries in the
// window as in the whole line, so it finds exactly the same matches.
func containsAll(b []byte, need [][]byte) bool {
	for _, n := range need {
		if bytes.Index(b, n) < 0 {
			return false
		}
	}
	return true
}

func isBoundaryByte(c byte) bool {
	return c < 0x80 && !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_')
}

func safeStart(text []byte, x, floor int) int {
	for x > floor && !isBoundaryByte(text[x-1]) {
		x--
	}
	return x
}

func safeEnd(text []byte, x int) int {
	for x < len(text) && !isBoundaryByte(text[x]) {
		x++
	}
	return x
}

// runRule runs rule ri's regex over text[ws:we]; offsets in findings are relative to text,
// and the boundary check sees the bytes around the window.
func (d *Detector) runRule(ri int, text []byte, ws, we, skip int, emit func(Finding), fb *fallbacks) {
	if we <= skip {
		return
	}
	r, l := d.rules[ri], d.prep(ri)
	win := text[ws:we]
	if l.vm != nil && !d.windowed {
		// The window is the whole text to the search, as it is to regexp's below.
		d.emitVM(ri, r, l, text, win, ws, 0, []window{{start: 0, end: len(win)}}, skip, emit, fb)
		return
	}
	re := l.regexp(r)
	if d.work != nil {
		d.work.searches.Add(1)
		d.work.read.Add(int64(readLen(re, win)))
	}
	// Match allocates nothing; most keyword hits have no secret around them.
	if !re.Match(win) {
		return
	}
	for _, m := range re.FindAllSubmatchIndex(win, -1) {
		for i := range m {
			if m[i] >= 0 {
				m[i] += ws
			}
		}
		d.emitMatch(ri, r, l, text, m, skip, emit, fb)
	}
}

// emitVM reports every match of the rule's Pike VM in in from position from on, each starting
// in one of regs (sorted ranges of in), leftmost first, each search resuming at the previous
// match's end as regexp's FindAll does; base is in's offset in text. The VM searches the rule
// here, with no Go regexp beside it (one program per rule, not two).
func (d *Detector) emitVM(ri int, r *queries.Rule, l *lazyRule, text, in []byte, base, from int, regs []window, skip int, emit func(Finding), fb *fallbacks) {
	for {
		m, ok, steps := l.vm.search(in, from, regs)
		if d.work != nil {
			d.work.searches.Add(1)
			d.work.read.Add(int64(steps))
		}
		if !ok {
			return
		}
		from = max(m[1], m[0]+1) // the rule's matches are never empty
		if base != 0 {
			for i := range m {
				if m[i] >= 0 {
					m[i] += base
				}
			}
		}
		d.emitMatch(ri, r, l, text, m, skip, emit, fb)
	}
}

// emitMatch reports the secret of rule ri's match m (absolute offsets of the regex's groups).
func (d *Detector) emitMatch(ri int, r *queries.Rule, l *lazyRule, text []byte, m []int, skip int, emit func(Finding), fb *fallbacks) {
	s, e := m[2*l.group], m[2*l.group+1]
	if s < 0 || e <= s {
		return
	}
	if r.TrimSecret != nil {
		if t := s + min(e-s, max(1, r.TrimSecret(string(text[s:e])))); t < e {
			// The match ran past its secret, maybe over another match of the rule (the
			// next URI of a list): look again in what the cut left, before moving on, so
			// findings stay in order of position.
			d.emitSecret(r, text, s, t, skip, "", emit, fb)
			d.runRule(ri, text, t+1, m[1], skip, emit, fb)
			return
		}
	}
	match := ""
	if len(r.MatchValidators) > 0 {
		match = string(text[m[0]:m[1]])
	}
	d.emitSecret(r, text, s, e, skip, match, emit, fb)
}

// runStart is the start of the identifier run holding text[ks]. Hits come in order of their
// end and a keyRun keyword lies inside one run, so the walk back resumes where the previous
// hit's stopped: a line that is one long run of keywords is walked once, not once per hit.
func (d *Detector) runStart(sc *scratch, text []byte, ks int) int {
	if sc.runS <= ks && ks <= sc.runE {
		return sc.runS
	}
	floor := sc.runE
	if ks < sc.runS {
		floor = 0 // not in order (no built-in keyword gets here): walk the whole way
	}
	ws := ks
	for ws > floor && isKeyRunByte(text[ws-1]) {
		ws--
	}
	if d.work != nil {
		d.work.stepped.Add(int64(ks - ws))
	}
	if ws == floor && floor == sc.runE {
		ws = sc.runS // text[runS:runE] is all run bytes: the run goes on back to runS
	}
	sc.runS, sc.runE = ws, ks
	return ws
}

// runKeyRun finds rule ri's matches that start in text[from:ks+1], part of one identifier run
// ([A-Za-z0-9_.-]), as the rule's regex run over the whole line would (leftmost first, each
// search resuming at the previous match's end), and returns where the rule's next search
// resumes (its last match's end, or from when none).
//
// The regex (queries.StartsInKeyRun) is `\bNAME sep value` or `\B--?NAME\s+value`, and NAME
// starts with [A-Za-z0-9_.-]*. So a match of the first branch at a later start of the run
// implies one at the run's first \b (NAME's leading class takes in the bytes between), and a
// match of the second at a later flag start implies one at the first flag start (whose one
// dash is followed by run bytes only). Starts are therefore tried in order, each anchored,
// and once a \b start and a flag start have each failed no later start of the run can match:
// at most two attempts per run and per match, where trying every word start made a run of
// "token." quadratic (each attempt reads to the end of the run).
func (d *Detector) runKeyRun(ri int, text []byte, from, ks, skip int, emit func(Finding), fb *fallbacks) int {
	r, l := d.rules[ri], d.prep(ri)
	wordDone, flagDone := false, false
	steps, runEnd := 0, -1
	for p := from; p <= ks && !(wordDone && flagDone); p++ {
		steps++
		prevWord := p > 0 && isWordByte(text[p-1])
		word := prevWord != isWordByte(text[p])         // \b holds before text[p]
		flag := text[p] == '-' && !prevWord             // \B--? may start at text[p]
		if (!word || wordDone) && (!flag || flagDone) { // nothing left to try here
			continue
		}
		m, ok := d.attempt(l, text, p, word, ks, &runEnd)
		if !ok {
			wordDone, flagDone = wordDone || word, flagDone || flag
			continue
		}
		if s, e := m[2], m[3]; s >= 0 && e > s {
			match := ""
			if len(r.MatchValidators) > 0 {
				match = string(text[m[0]:m[1]])
			}
			d.emitSecret(r, text, s, e, skip, match, emit, fb)
		}
		// The next search starts afresh where this match ended (the loop's p++ is undone).
		from, p = m[1], m[1]-1
		wordDone, flagDone = false, false
	}
	if d.work != nil {
		d.work.stepped.Add(int64(steps))
	}
	return from
}

// attempt tries rule l anchored at text[p] (a \b start when word, else a flag start) and
// returns its match as absolute offsets: match start and end, then the secret's (-1 when
// the group did not take part). ks is the last keyword's start in p's identifier run, whose
// end *runEnd caches (-1: not yet known).
//
// With l.rest, the key is not read through: NAME is [A-Za-z0-9_.-]* keyword
// [A-Za-z0-9_.-]*, and what follows it (a separator, or the flag's spaces) cannot start
// with a byte of the run but for ".=" and "->". So NAME ends at the run's end, or one byte
// before it on such an operator, and holds a keyword whenever the run's last one fits in
// it; the greedy trailing run prefers the longer. Only what follows is matched, from there.
// A run followed by a non-ASCII byte goes the long way: a keyword matched under Unicode
// case folding (the Kelvin sign for k) can carry NAME past it.
func (d *Detector) attempt(l *lazyRule, text []byte, p int, word bool, ks int, runEnd *int) ([4]int, bool) {
	if *runEnd < 0 {
		e := ks
		for e < len(text) && isKeyRunByte(text[e]) {
			e++
		}
		*runEnd = e
	}
	end := *runEnd
	g := l.group
	if l.rest != nil && (end == len(text) || text[end] < utf8.RuneSelf) {
		if m, ok, sure := d.attemptRest(l, text, p, word, ks, end); sure {
			return m, ok
		}
	}
	vm, base := l.at0VM, 0
	if p > 0 {
		vm, base = l.atVM, p-1
	}
	in := text[base:]
	if d.work != nil {
		d.work.attempts.Add(1)
		d.work.reads.Add(int64(end - p))
	}
	m, ok, _ := vm.search(in, 0, anchoredStart)
	if !ok {
		return [4]int{}, false
	}
	out := [4]int{p, base + m[1], -1, -1}
	if m[2*g] >= 0 {
		out[2], out[3] = base+m[2*g], base+m[2*g+1]
	}
	return out, true
}

// attemptRest is attempt's search with l.rest; sure is false when it cannot tell (the
// keyword does not fit where the key may end: only a rule whose keyword can end in '.' or
// '-' gets there), and the whole regex must be run.
func (d *Detector) attemptRest(l *lazyRule, text []byte, p int, word bool, ks, end int) (m [4]int, ok, sure bool) {
	ends := [2]int{end, -1}
	if word && end-1 > ks && (text[end-1] == '.' || text[end-1] == '-') {
		ends[1] = end - 1
	}
	rest := l.rest.flag
	if word {
		rest = l.rest.word
	}
	g := l.group
	for _, e := range ends {
		if e < 0 {
			continue
		}
		if !l.rest.kw.Match(text[ks:e]) {
			return m, false, false
		}
		if d.work != nil {
			d.work.attempts.Add(1)
			d.work.reads.Add(int64(e - ks))
		}
		in := text[e-1:]
		sm, ok, _ := rest.search(in, 0, anchoredStart)
		if !ok {
			continue
		}
		m = [4]int{p, e - 1 + sm[1], -1, -1}
		if sm[2*g] >= 0 {
			m[2], m[3] = e-1+sm[2*g], e-1+sm[2*g+1]
		}
		return m, true, true
	}
	return m, false, true
}

func isKeyRunByte(c byte) bool {
	return isWordByte(c) || c == '.' || c == '-'
}

func isWordByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

// emitSecret checks the secret at text[s:e] and reports it unless a check drops it.
// With fb (the rule set has Fallback rules), a Fallback rule's finding is held in fb and every
// other finding's span noted there, until fb.flush.
func (d *Detector) emitSecret(r *queries.Rule, text []byte, s, e, skip int, match string, emit func(Finding), fb *fallbacks) {
	if e <= skip {
		return
	}
	if !bounded(text, s, e) {
		d.suppress(r, "boundary")
		return
	}
	secret := string(text[s:e])
	if reason := d.check(r, secret, match); reason != "" {
		d.suppress(r, reason)
		return
	}
	fp := Fingerprint(d.opts.Key, secret)
	var stable string
	if d.opts.Stable || d.opts.Ignore.Len() > 0 {
		stable = d.stable.get(fp, r, secret)
	}
	if d.opts.Ignore.Has(fp) || stable != "" && d.opts.Ignore.Has(stable) {
		d.suppress(r, "ignored")
		return
	}
	if d.opts.Stable {
		fp = stable
	}
	f := Finding{
		RuleID: r.ID, Description: r.Description, Severity: r.Severity,
		Start: s, End: e, Column: s + 1,
		Preview:     Preview(r, secret, d.opts.Redaction),
		Fingerprint: fp,
	}
	if d.opts.Verify != nil {
		// The secret is still in memory here: only the verdict leaves (see Options.Verify).
		f.Verified, f.VerifyReason = d.opts.Verify.Verify(r.ID, secret, f.Fingerprint, text)
		if f.Verified == verdict.Live {
			f.Severity = queries.Critical
		}
	}
	if fb != nil {
		if r.Fallback {
			fb.held = append(fb.held, f)
			return
		}
		fb.spans = append(fb.spans, [2]int{s, e})
	}
	emit(f)
}

func (d *Detector) suppress(r *queries.Rule, reason string) {
	// A Fallback rule's keywords are common words ("token"): most of its candidates are no
	// secret at all or another rule's, and counting them would drown the suppressions that
	// say something.
	if d.opts.OnSuppressed != nil && !r.Fallback {
		d.opts.OnSuppressed(r.ID, reason)
	}
}

func (d *Detector) check(r *queries.Rule, secret, match string) string {
	if _, ok := d.allow[secret]; ok {
		return "allowlist"
	}
	if queries.IsPlaceholder(secret) || r.Builtin() && queries.Sequential(secret) {
		return "placeholder"
	}
	if r.MinEntropy > 0 && Entropy(secret) < r.MinEntropy {
		return "entropy"
	}
	for _, v := range r.Validators {
		if reason := v(secret); reason != "" {
			return reason
		}
	}
	for _, v := range r.MatchValidators {
		if reason := v(match, secret); reason != "" {
			return reason
		}
	}
	return ""
}

// keywordInLine: text holds one of r's keywords, compared as the prefilter compares them
// (byte for byte, or under ASCII case folding only when IgnoreCase is set).
func keywordInLine(r *queries.Rule, text []byte) bool {
	for _, k := range r.Keywords {
		if !r.IgnoreCase {
			if bytes.Contains(text, []byte(k)) {
				return true
			}
			continue
		}
		for i := 0; i+len(k) <= len(text); i++ {
			j := 0
			for j < len(k) && lowerASCII(text[i+j]) == lowerASCII(k[j]) {
				j++
			}
			if j == len(k) {
				return true
			}
		}
	}
	return false
}

func isWord(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// bounded rejects a secret that continues a longer word or base64 blob on either side,
// while accepting the separators logs put around tokens, including the JSON escapes \n \t \r
// and URL escapes (%3D…) just before it.
func bounded(text []byte, s, e int) bool {
	if s > 0 && isWord(text[s]) && isWord(text[s-1]) {
		escaped := s >= 2 && text[s-2] == '\\' && (text[s-1] == 'n' || text[s-1] == 't' || text[s-1] == 'r')
		urlEsc := s >= 3 && text[s-3] == '%' && isHex(text[s-2]) && isHex(text[s-1])
		if !escaped && !urlEsc {
			return false
		}
	}
	if e < len(text) && isWord(text[e-1]) && isWord(text[e]) {
		return false
	}
	return true
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// Entropy is the Shannon entropy of s in bits per byte.
func Entropy(s string) float64 {
	if s == "" {
		return 0
	}
	var counts [256]int
	for i := 0; i < len(s); i++ {
		counts[s[i]]++
	}
	var h float64
	n := float64(len(s))
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / n
			h -= p * math.Log2(p)
		}
	}
	return h
}
