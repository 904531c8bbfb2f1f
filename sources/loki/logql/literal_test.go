package logql

import (
	"math/rand/v2"
	"regexp"
	"regexp/syntax"
	"strings"
	"testing"
)

// TestLiteralSetAgreesWithRegexp: for alternations of literals (exact, (?i), spelled-out
// fold classes) the substring matcher and Go's regexp agree on random lines, including
// upper case, ſ and the Kelvin sign; other regexps are left to the regexp engine.
func TestLiteralSetAgreesWithRegexp(t *testing.T) {
	for _, expr := range []string{`a+`, `a.b`, `(?i:ab)c`, `[ab]`} {
		if newLiteralSet("(?s)"+expr) != nil {
			t.Errorf("%s taken for a literal alternation", expr)
		}
	}
	rng := rand.New(rand.NewPCG(7, 9))
	alphabet := []string{"a", "S", "s", "k", "K", "ſ", "\u212a", ":", "/", ".", "@", "-", "|"}
	word := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
	ascii := func(n int) string {
		const a = "asSkK:/.@-"
		b := make([]byte, n)
		for i := range b {
			b[i] = a[rng.IntN(len(a))]
		}
		return string(b)
	}
	optimised := 0
	for round := 0; round < 400; round++ {
		var alts []string
		for i := 1 + rng.IntN(4); i > 0; i-- {
			w := ascii(1 + rng.IntN(4))
			switch rng.IntN(3) {
			case 0:
				alts = append(alts, regexp.QuoteMeta(w))
			case 1:
				alts = append(alts, "(?i:"+regexp.QuoteMeta(w)+")")
			default:
				alts = append(alts, "(?i:"+strings.NewReplacer("s", "[sſS]", "S", "[sſS]", "k", "[kKK]", "K", "[kKK]").Replace(regexp.QuoteMeta(w))+")")
			}
		}
		expr := "(?s)" + strings.Join(alts, "|")
		re := regexp.MustCompile(expr)
		ls := newLiteralSet(expr)
		if ls == nil {
			if _, err := syntax.Parse(expr, syntax.Perl); err == nil {
				t.Fatalf("%s not optimised", expr)
			}
			continue
		}
		optimised++
		for l := 0; l < 60; l++ {
			line := word(rng.IntN(10))
			if got, want := ls.match(line), re.MatchString(line); got != want {
				t.Fatalf("%s on %q: literal match %v, regexp %v", expr, line, got, want)
			}
		}
	}
	if optimised == 0 {
		t.Fatal("no alternation optimised")
	}
}
