package detector

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"slices"
	"sync"

	"github.com/leakwatch/leakwatch/queries"
)

// compileRule compiles the rule's regex (once per process, see compileOnce) and finds its
// secret group, after ruleGroup's checks. It does not modify r, so detectors sharing a rule
// may call it concurrently.
func compileRule(r *queries.Rule) (*regexp.Regexp, int, error) {
	group, _, err := ruleGroup(r)
	if err != nil {
		return nil, 0, err
	}
	re, err := compileOnce(r.Regex)
	if err != nil {
		return nil, 0, fmt.Errorf("rule %s: regex: %w", r.ID, err)
	}
	return re, group, nil
}

// ruleGroup checks a rule's regex (its size, that it parses, its secret group) and finds the
// secret group and the number of groups without compiling a regexp: the Pike VM searches
// most built-in rules, and a regexp held beside its program would double what each compiled
// rule costs in memory.
func ruleGroup(r *queries.Rule) (group, groups int, err error) {
	if n := progSize(r.Regex); n > MaxRegexInsts {
		return 0, 0, fmt.Errorf("rule %s: regex: compiles to %d instructions, more than the %d allowed: a regex that large costs seconds per long line (write fewer or shorter bounded repeats, such as [a-z0-9]{20,} instead of [a-z0-9]{1000})", r.ID, n, MaxRegexInsts)
	}
	re, err := syntax.Parse(r.Regex, syntax.Perl)
	if err != nil {
		return 0, 0, fmt.Errorf("rule %s: regex: %w", r.ID, err)
	}
	groups = re.MaxCap()
	if r.SecretGroup < 0 || r.SecretGroup > groups {
		return 0, 0, fmt.Errorf("rule %s: secret group %d: the regex has %d groups", r.ID, r.SecretGroup, groups)
	}
	switch {
	case r.SecretGroup > 0:
		group = r.SecretGroup
	case slices.Index(re.CapNames(), "secret") > 0:
		group = slices.Index(re.CapNames(), "secret")
	case groups > 0:
		group = 1
	}
	return group, groups, nil
}

// MaxRegexInsts bounds a rule's compiled regex (instructions of its RE2 program). Matching
// costs time in proportion to it on every byte scanned: the largest built-in rule compiles
// to about 2,000; 60 repeats of [a-z0-9]{1000} compile to 60,000 and took 33.7 s on one
// 70 KB line. Custom and imported rules past the bound are refused.
const MaxRegexInsts = 10000

// progSize is the size of pattern's compiled program (0 when it does not parse: the
// compiler reports that error).
func progSize(pattern string) int {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return 0
	}
	p, err := syntax.Compile(re.Simplify())
	if err != nil {
		return 0
	}
	return len(p.Inst)
}

// compiled holds every regex compiled in this process, by source, so a reload, a second
// detector or a rule shared by several compiles each pattern once. A *regexp.Regexp is safe
// for concurrent use.
var compiled sync.Map // string -> *onceRegex

type onceRegex struct {
	once sync.Once
	re   *regexp.Regexp
	err  error
}

// compileOnce compiles pattern the first time any goroutine asks for it; later and concurrent
// callers wait for and share that result.
func compileOnce(pattern string) (*regexp.Regexp, error) {
	v, ok := compiled.Load(pattern)
	if !ok {
		v, _ = compiled.LoadOrStore(pattern, &onceRegex{})
	}
	o := v.(*onceRegex)
	o.once.Do(func() { o.re, o.err = regexp.Compile(pattern) })
	return o.re, o.err
}
