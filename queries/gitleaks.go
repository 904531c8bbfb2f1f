package queries

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// GitleaksIDPrefix starts the ID of every rule imported from a gitleaks file, so an imported
// rule can never take a built-in rule's ID.
const GitleaksIDPrefix = "gitleaks:"

// SkippedRule is something of a gitleaks file the import did not carry over. With Imported
// false the whole rule was left out; with Imported true the rule was imported and only the
// part Reason names was ignored. ID is the gitleaks id ("" for file-level settings).
type SkippedRule struct {
	ID       string
	Imported bool
	Reason   string
}

func (s SkippedRule) String() string {
	what := "file"
	if s.ID != "" {
		what = "rule " + s.ID
	}
	if s.Imported {
		return what + " (imported): " + s.Reason
	}
	return what + " (skipped): " + s.Reason
}

// gitleaks' schema (v8): only the fields the import reads. Keys are matched
// case-insensitively, as gitleaks (viper) does.
type glFile struct {
	Title       string
	Description string
	Extend      *glExtend
	Rules       []glRule
	Allowlist   *glAllowlist // deprecated single form
	Allowlists  []glAllowlist
}

type glExtend struct {
	Path          string
	URL           string
	UseDefault    bool     `toml:"useDefault"`
	DisabledRules []string `toml:"disabledRules"`
}

type glRule struct {
	ID          string `toml:"id"`
	Description string
	Regex       string
	SecretGroup int `toml:"secretGroup"`
	Entropy     float64
	Keywords    []string
	Path        string
	Tags        []string
	// Severity is not gitleaks' (it has none) but shared configs carry it; it is honoured
	// when it names one of ours.
	Severity   string
	Allowlist  *glAllowlist // deprecated single form
	Allowlists []glAllowlist
	Required   []struct {
		ID            string `toml:"id"`
		WithinLines   *int   `toml:"withinLines"`
		WithinColumns *int   `toml:"withinColumns"`
	}
	SkipReport bool `toml:"skipReport"`
}

type glAllowlist struct {
	Description string
	Condition   string
	Commits     []string
	Paths       []string
	RegexTarget string `toml:"regexTarget"`
	Regexes     []string
	StopWords   []string `toml:"stopwords"`
	TargetRules []string `toml:"targetRules"` // global allowlists only
}

// allowlist is one compiled gitleaks allowlist, reduced to what a log line can be tested on.
type allowlist struct {
	and       bool
	target    string // "secret" or "match"
	regexes   []*regexp.Regexp
	stopwords []string // lower case
}

// check reports whether the allowlist allows (suppresses) the finding.
func (a *allowlist) check(match, secret string) bool {
	s := secret
	if a.target == "match" {
		s = match
	}
	re := len(a.regexes) > 0 && slices.ContainsFunc(a.regexes, func(r *regexp.Regexp) bool { return r.MatchString(s) })
	// Stopwords always test the secret, whatever regexTarget says.
	sw := false
	if len(a.stopwords) > 0 {
		l := strings.ToLower(secret)
		sw = slices.ContainsFunc(a.stopwords, func(w string) bool { return strings.Contains(l, w) })
	}
	if a.and {
		return (len(a.regexes) == 0 || re) && (len(a.stopwords) == 0 || sw)
	}
	return re || sw
}

// ImportGitleaks reads a gitleaks TOML rule file (name is for messages) and turns its rules
// into leakwatch rules: IDs prefixed GitleaksIDPrefix, keywords case-insensitive and allowed
// anywhere in the line (KeywordAnywhere), secretGroup and entropy kept, allowlist regexes
// and stopwords as MatchValidators suppressing with reason "allowlist". What a log line
// cannot honour (paths, commits, regexTarget "line", [extend]) or the detector cannot run (a
// rule without keywords) is reported in skipped, never silently dropped. A malformed file
// (TOML syntax, a regex that does not compile, a missing id) is an error naming the line.
func ImportGitleaks(r io.Reader, name string) (rules []*Rule, skipped []SkippedRule, err error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	f, md, err := decodeGitleaks(raw, name)
	if err != nil {
		return nil, nil, err
	}
	imp := &gitleaksImport{name: name, lines: ruleLines(raw), f: f}
	for _, k := range md.Undecoded() {
		imp.fileNote(fmt.Sprintf("unknown key %q ignored", k.String()))
	}
	imp.noteExtend()
	if err := imp.checkIDs(); err != nil {
		return nil, nil, err
	}
	if err := imp.compileFileAllowlists(); err != nil {
		return nil, nil, err
	}
	for i, gr := range f.Rules {
		rule, err := imp.importRule(i, gr)
		if err != nil {
			return nil, nil, err
		}
		if rule != nil {
			rules = append(rules, rule)
		}
	}
	return rules, imp.skipped, nil
}

// gitleaksImport is the state one import shares across its steps: the decoded file, where
// each rule starts (for messages), what was skipped so far and the file-level allowlists.
type gitleaksImport struct {
	name    string
	lines   []int
	f       *glFile
	skipped []SkippedRule
	ids     map[string]int // rule id → index in f.Rules

	global   []*allowlist            // file allowlists without targetRules
	targeted map[string][]*allowlist // file allowlists by the rule id they target
}

// decodeGitleaks parses the TOML, naming the line of a syntax error.
func decodeGitleaks(raw []byte, name string) (*glFile, toml.MetaData, error) {
	var f glFile
	md, err := toml.Decode(string(raw), &f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, md, fmt.Errorf("%s:%d: %s", name, pe.Position.Line, pe.Message)
		}
		return nil, md, fmt.Errorf("%s: %w", name, err)
	}
	return &f, md, nil
}

// at names rule i for a message: the line of its [[rules]] header when known.
func (imp *gitleaksImport) at(i int) string {
	if i < len(imp.lines) {
		return fmt.Sprintf("%s:%d", imp.name, imp.lines[i])
	}
	return fmt.Sprintf("%s: rules[%d]", imp.name, i)
}

func (imp *gitleaksImport) fileNote(reason string) {
	imp.skipped = append(imp.skipped, SkippedRule{Reason: reason})
}

// skip records a rule left out; note records an ignored part of an imported rule.
func (imp *gitleaksImport) skip(id, reason string) {
	imp.skipped = append(imp.skipped, SkippedRule{ID: id, Reason: reason})
}

func (imp *gitleaksImport) note(id, reason string) {
	imp.skipped = append(imp.skipped, SkippedRule{ID: id, Imported: true, Reason: reason})
}

// noteExtend reports the [extend] settings, none of which is imported.
func (imp *gitleaksImport) noteExtend() {
	e := imp.f.Extend
	if e == nil {
		return
	}
	if e.UseDefault {
		imp.fileNote("[extend] useDefault ignored: gitleaks' default rules are not imported; leakwatch's own catalogue covers the common formats (see leakwatch rules list)")
	}
	if e.Path != "" || e.URL != "" {
		imp.fileNote("[extend] path/url ignored: list that file in rules.gitleaks as well")
	}
	if len(e.DisabledRules) > 0 {
		imp.fileNote("[extend] disabledRules ignored: they name rules of an extended config, which is not imported (use rules.disable for built-in rules)")
	}
}

// checkIDs folds the deprecated single [allowlist] into [[allowlists]] and checks every rule
// id is present, quotable and unique, before any allowlist's targetRules is resolved.
func (imp *gitleaksImport) checkIDs() error {
	f := imp.f
	if f.Allowlist != nil {
		if len(f.Allowlists) > 0 {
			return fmt.Errorf("%s: [allowlist] is deprecated and cannot be used alongside [[allowlists]]: keep one", imp.name)
		}
		f.Allowlists = []glAllowlist{*f.Allowlist}
	}
	imp.ids = map[string]int{}
	for i, gr := range f.Rules {
		id := strings.TrimSpace(gr.ID)
		if id == "" {
			return fmt.Errorf("%s: rule id is missing or empty", imp.at(i))
		}
		if strings.ContainsAny(id, " \t\r\n\"'`") {
			return fmt.Errorf("%s: rule id %q: use letters, digits and dashes", imp.at(i), id)
		}
		if j, dup := imp.ids[id]; dup {
			return fmt.Errorf("%s: rule id %q is already used at %s", imp.at(i), id, imp.at(j))
		}
		imp.ids[id] = i
	}
	return nil
}

// compileFileAllowlists compiles the top-level allowlists: each applies to every imported
// rule, or only to its targetRules.
func (imp *gitleaksImport) compileFileAllowlists() error {
	imp.global = []*allowlist{}
	imp.targeted = map[string][]*allowlist{}
	for i, ga := range imp.f.Allowlists {
		where := fmt.Sprintf("%s: [[allowlists]] #%d", imp.name, i+1)
		a, notes, err := compileAllowlist(ga)
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		for _, n := range notes {
			imp.fileNote(fmt.Sprintf("[[allowlists]] #%d: %s", i+1, n))
		}
		if len(ga.TargetRules) == 0 {
			if a != nil {
				imp.global = append(imp.global, a)
			}
			continue
		}
		for _, t := range ga.TargetRules {
			if _, ok := imp.ids[t]; !ok {
				return fmt.Errorf("%s: targetRules: rule %q is not defined in this file", where, t)
			}
			if a != nil {
				imp.targeted[t] = append(imp.targeted[t], a)
			}
		}
	}
	return nil
}

// importRule turns rule i into a leakwatch rule, or returns nil (and records why in skipped)
// when it cannot be run on log lines.
func (imp *gitleaksImport) importRule(i int, gr glRule) (*Rule, error) {
	id := strings.TrimSpace(gr.ID)
	if gr.Regex == "" {
		return nil, imp.skipRegexless(i, id, gr)
	}
	re, err := regexp.Compile(gr.Regex)
	if err != nil {
		return nil, fmt.Errorf("%s: rule %s: regex: %w", imp.at(i), id, err)
	}
	if gr.SecretGroup < 0 || gr.SecretGroup > re.NumSubexp() {
		return nil, fmt.Errorf("%s: rule %s: secretGroup %d: the regex has %d groups", imp.at(i), id, gr.SecretGroup, re.NumSubexp())
	}
	als, err := imp.ruleAllowlists(i, id, gr)
	if err != nil {
		return nil, err
	}
	if reason := unsupportedRule(gr, re); reason != "" {
		imp.skip(id, reason)
		return nil, nil
	}
	kws := lowerKeywords(gr.Keywords)
	if len(kws) == 0 {
		imp.skip(id, "no keywords: leakwatch needs a literal keyword to prefilter on; add keywords to the rule")
		return nil, nil
	}
	if gr.Path != "" {
		imp.note(id, "path ignored: log lines have no file path, the rule applies to every line")
	}
	if gr.SecretGroup == 0 && re.NumSubexp() > 1 && re.SubexpIndex("secret") <= 0 {
		imp.note(id, "secretGroup unset with several groups: leakwatch takes group 1 (gitleaks the first non-empty one); set secretGroup")
	}
	sev := imp.severity(id, gr)
	desc := gr.Description
	if desc == "" {
		desc = "gitleaks rule " + id
	}
	rule := &Rule{
		ID: GitleaksIDPrefix + id, Description: desc, Severity: sev,
		Keywords: kws, IgnoreCase: true, KeywordAnywhere: true,
		Regex: gr.Regex, SecretGroup: gr.SecretGroup,
	}
	if gr.Entropy > 0 {
		// gitleaks drops a secret whose entropy is <= the threshold; MinEntropy drops < its
		// value: the next float up gives the same cut.
		rule.MinEntropy = math.Nextafter(gr.Entropy, math.Inf(1))
	}
	rule.MatchValidators = allowlistValidators(append(append(slices.Clone(imp.global), imp.targeted[id]...), als...))
	if err := rule.Check(); err != nil {
		return nil, fmt.Errorf("%s: %w", imp.at(i), err)
	}
	return rule, nil
}

// skipRegexless records why a rule without a regex is left out; with neither regex nor path
// (and no [extend] it could adjust) the file is malformed.
func (imp *gitleaksImport) skipRegexless(i int, id string, gr glRule) error {
	if gr.Path == "" && imp.f.Extend != nil {
		imp.skip(id, "no regex: it adjusts a rule of the extended config, which is not imported")
		return nil
	}
	if gr.Path == "" {
		return fmt.Errorf("%s: rule %s: both regex and path are empty", imp.at(i), id)
	}
	imp.skip(id, "path rules do not apply to log lines")
	return nil
}

// ruleAllowlists compiles the rule's own allowlists (the deprecated single form folded in).
func (imp *gitleaksImport) ruleAllowlists(i int, id string, gr glRule) ([]*allowlist, error) {
	if gr.Allowlist != nil {
		if len(gr.Allowlists) > 0 {
			return nil, fmt.Errorf("%s: rule %s: [rules.allowlist] is deprecated and cannot be used alongside [[rules.allowlists]]: keep one", imp.at(i), id)
		}
		gr.Allowlists = []glAllowlist{*gr.Allowlist}
	}
	var als []*allowlist
	for j, ga := range gr.Allowlists {
		if len(ga.TargetRules) > 0 {
			return nil, fmt.Errorf("%s: rule %s: allowlist #%d: targetRules belongs in a top-level [[allowlists]]", imp.at(i), id, j+1)
		}
		a, notes, err := compileAllowlist(ga)
		if err != nil {
			return nil, fmt.Errorf("%s: rule %s: allowlist #%d: %w", imp.at(i), id, j+1, err)
		}
		for _, n := range notes {
			imp.note(id, fmt.Sprintf("allowlist #%d: %s", j+1, n))
		}
		if a != nil {
			als = append(als, a)
		}
	}
	return als, nil
}

// unsupportedRule says why a rule with a valid regex still cannot be imported ("" if it can).
func unsupportedRule(gr glRule, re *regexp.Regexp) string {
	switch {
	case gr.SkipReport:
		return "skipReport: the rule only feeds composite rules, which are not supported"
	case len(gr.Required) > 0:
		return "composite rule ([[rules.required]]): reporting it alone would change its meaning; composite rules are not supported"
	case re.MatchString(""):
		return "the regex matches the empty string"
	}
	return ""
}

// lowerKeywords lower-cases the keywords, dropping empty and repeated ones.
func lowerKeywords(keywords []string) []string {
	var kws []string
	for _, k := range keywords {
		if k = strings.ToLower(k); k != "" && !slices.Contains(kws, k) {
			kws = append(kws, k)
		}
	}
	return kws
}

// severity takes the rule's severity when it names one of ours, else the first tag that
// does, else medium.
func (imp *gitleaksImport) severity(id string, gr glRule) Severity {
	if s, err := ParseSeverity(strings.ToLower(gr.Severity)); err == nil {
		return s
	}
	if gr.Severity != "" {
		imp.note(id, fmt.Sprintf("severity %q unknown: using tags or medium", gr.Severity))
	}
	for _, t := range gr.Tags {
		if s, err := ParseSeverity(strings.ToLower(t)); err == nil {
			return s
		}
	}
	return Medium
}

// allowlistValidators turns each allowlist into a MatchValidator suppressing with reason
// "allowlist".
func allowlistValidators(als []*allowlist) []MatchValidator {
	var vs []MatchValidator
	for _, a := range als {
		vs = append(vs, func(match, secret string) string {
			if a.check(match, secret) {
				return "allowlist"
			}
			return ""
		})
	}
	return vs
}

// compileAllowlist keeps what can be tested on a log line. It returns nil when nothing is
// left (the notes say why); notes list what was ignored.
func compileAllowlist(ga glAllowlist) (*allowlist, []string, error) {
	a := &allowlist{target: "secret"}
	switch strings.ToUpper(ga.Condition) {
	case "", "OR", "||":
	case "AND", "&&":
		a.and = true
	default:
		return nil, nil, fmt.Errorf("condition %q: want OR or AND", ga.Condition)
	}
	switch ga.RegexTarget {
	case "", "secret":
	case "match":
		a.target = "match"
	case "line":
		a.target = "line"
	default:
		return nil, nil, fmt.Errorf("regexTarget %q: want secret, match or line", ga.RegexTarget)
	}
	if len(ga.Commits)+len(ga.Paths)+len(ga.Regexes)+len(ga.StopWords) == 0 {
		return nil, nil, fmt.Errorf("an allowlist needs at least one of commits, paths, regexes or stopwords")
	}
	for i, s := range ga.Regexes {
		re, err := regexp.Compile(s)
		if err != nil {
			return nil, nil, fmt.Errorf("regexes[%d]: %w", i, err)
		}
		a.regexes = append(a.regexes, re)
	}
	for _, w := range ga.StopWords {
		if w = strings.ToLower(w); w != "" {
			a.stopwords = append(a.stopwords, w)
		}
	}
	var notes []string
	if a.target == "line" && len(a.regexes) > 0 {
		notes = append(notes, "regexTarget line ignored: its regexes are not applied (a finding never carries its log line)")
		a.regexes = nil
		if a.and {
			// The line regexes were required: without them the allowlist would allow more
			// than gitleaks does.
			return nil, append(notes, "condition AND with line regexes: the whole allowlist is ignored"), nil
		}
	}
	if len(ga.Paths) > 0 || len(ga.Commits) > 0 {
		if a.and {
			// Log lines have no path or commit: an AND over one never holds.
			return nil, append(notes, "condition AND with paths/commits never holds for a log line: the whole allowlist is ignored"), nil
		}
		notes = append(notes, "paths/commits ignored: log lines have neither")
	}
	if len(a.regexes) == 0 && len(a.stopwords) == 0 {
		return nil, notes, nil
	}
	return a, notes, nil
}

var ruleHeader = regexp.MustCompile(`^\s*\[\[\s*rules\s*\]\]`)

// ruleLines lists the line of each [[rules]] header, so an error names where the rule starts.
func ruleLines(raw []byte) []int {
	var out []int
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(make([]byte, 0, 64<<10), len(raw)+1)
	for n := 1; sc.Scan(); n++ {
		if ruleHeader.Match(sc.Bytes()) {
			out = append(out, n)
		}
	}
	return out
}
