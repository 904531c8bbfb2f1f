package pushdown

import (
	"math/rand/v2"
	"os"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/queries"
)

// TestContextRegexesSound: wherever a rule's regex matches a true-positive sample (as written
// and in other ASCII cases), every context regex cut out of it matches too, run as Loki runs
// it. Built-in rules and imported gitleaks rules.
func TestContextRegexesSound(t *testing.T) {
	rules := queries.Catalog()
	f, err := os.Open("../queries/testdata/gitleaks/rules.toml")
	if err != nil {
		t.Fatal(err)
	}
	imported, _, err := queries.ImportGitleaks(f, "rules.toml")
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	rules = append(rules, imported...)
	rng := rand.New(rand.NewPCG(5, 6))
	checked, withContext := 0, 0
	for _, r := range rules {
		ctx := contextRegexes(r.Regex)
		if len(ctx) == 0 {
			continue
		}
		withContext++
		re := regexp.MustCompile(r.Regex)
		var groups [][]*regexp.Regexp
		for _, g := range ctx {
			groups = append(groups, compileGroup(t, g))
		}
		for i, s := range r.TruePositives {
			variants := []string{s, strings.ToUpper(s), strings.ToLower(s)}
			for range 3 {
				b := []byte(s)
				for j, c := range b {
					if rng.IntN(2) == 0 && ('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
						b[j] = c ^ 0x20
					}
				}
				variants = append(variants, string(b))
			}
			for _, v := range variants {
				if !re.MatchString(v) {
					continue
				}
				checked++
				for k, g := range groups {
					if !anyMatch(g, v) {
						t.Errorf("rule %s: true positive %d (%q) matches the rule but none of its context regexes %d", r.ID, i, v, k)
					}
				}
			}
		}
	}
	if withContext < 100 || checked < 300 {
		t.Fatalf("%d rules with a context regex, %d matching samples checked: the proof is too thin", withContext, checked)
	}
}

// TestContextRegexesNarrow: the regex the name-then-value rules share holds on keys followed
// by a separator (or a flag's value) and not on ordinary lines that only name the word, and
// it is one text for every rule built on the grammar.
func TestContextRegexesNarrow(t *testing.T) {
	shared := map[string]int{}
	groups := map[string][]string{}
	for _, r := range queries.Catalog() {
		for _, g := range contextRegexes(r.Regex) {
			k := strings.Join(g, "\n")
			shared[k]++
			groups[k] = g
		}
	}
	best, n := "", 0
	for c, k := range shared {
		if k > n {
			best, n = c, k
		}
	}
	if n < 100 {
		t.Fatalf("the most shared context regexes stand for %d rules", n)
	}
	g := compileGroup(t, groups[best])
	// One regex per word, each with a literal prefix the store finds by substring search.
	for _, re := range g {
		if p, _ := re.LiteralPrefix(); p == "" {
			t.Errorf("context regex %s has no literal prefix", re)
		}
	}
	for _, line := range []string{
		`ts=2026-11-20T12:14:48.691Z level=warn caller=auth.go:177 msg="token validated for user" request_id=73859b1d`,
		`{"level":"info","msg":"token validated for user","method":"PUT"}`,
		`org.springframework.dao.DataIntegrityViolationException: duplicate key value violates unique constraint`,
		`the secret ingredient is love`,
	} {
		if anyMatch(g, line) {
			t.Errorf("%q passes the shared context regexes", line)
		}
	}
	for _, line := range []string{
		`ACME_TOKEN=abc`, `{"acmeApiKey": "abc"}`, `exec app --acme-token abc`, `<acme_secret>abc</acme_secret>`,
		`acme_password => 'x'`, `env["ACME_KEY"] = "x"`,
	} {
		if !anyMatch(g, line) {
			t.Errorf("%q fails the shared context regexes", line)
		}
	}
}

// compileGroup compiles context regexes as Loki runs them.
func compileGroup(t *testing.T, g []string) []*regexp.Regexp {
	t.Helper()
	var out []*regexp.Regexp
	for _, s := range g {
		re, err := regexp.Compile("(?s)" + s)
		if err != nil {
			t.Fatalf("context regex %s does not compile: %v", s, err)
		}
		out = append(out, re)
	}
	return out
}

func anyMatch(g []*regexp.Regexp, line string) bool {
	for _, re := range g {
		if re.MatchString(line) {
			return true
		}
	}
	return false
}

// TestRegexpSourceRoundTrip: the printer of context regexes writes what it read: every
// catalogue rule's regex, printed and compiled again, matches exactly the same samples (true
// and false positives, in other cases too).
func TestRegexpSourceRoundTrip(t *testing.T) {
	checked := 0
	for _, r := range queries.Catalog() {
		parsed, err := syntax.Parse(r.Regex, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		src := regexpSource(parsed)
		printed, err := regexp.Compile(src)
		if err != nil {
			t.Fatalf("rule %s: printed regex does not compile: %v\n%s", r.ID, err, src)
		}
		orig := regexp.MustCompile(r.Regex)
		for _, s := range append(slices.Clone(r.TruePositives), r.FalsePositives...) {
			for _, v := range []string{s, strings.ToUpper(s), strings.ToLower(s)} {
				checked++
				if got, want := printed.FindString(v), orig.FindString(v); got != want {
					t.Errorf("rule %s: printed regex finds %q in %q, the rule's %q", r.ID, got, v, want)
				}
			}
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d samples checked", checked)
	}
}
