package detector

import (
	"fmt"
	"regexp"
	"sync"

	"github.com/leakwatch/leakwatch/queries"
)

// compileRule compiles the rule's regex (once per process, see compileOnce) and finds its
// secret group. It does not modify r, so detectors sharing a rule may call it concurrently.
func compileRule(r *queries.Rule) (*regexp.Regexp, int, error) {
	re, err := compileOnce(r.Regex)
	if err != nil {
		return nil, 0, fmt.Errorf("rule %s: regex: %w", r.ID, err)
	}
	if r.SecretGroup < 0 || r.SecretGroup > re.NumSubexp() {
		return nil, 0, fmt.Errorf("rule %s: secret group %d: the regex has %d groups", r.ID, r.SecretGroup, re.NumSubexp())
	}
	group := 0
	if r.SecretGroup > 0 {
		group = r.SecretGroup
	} else if i := re.SubexpIndex("secret"); i > 0 {
		group = i
	} else if re.NumSubexp() > 0 {
		group = 1
	}
	return re, group, nil
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
