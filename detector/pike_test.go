package detector

import (
	"math/rand/v2"
	"reflect"
	"regexp"
	"testing"
)

// With every position allowed to start, the Pike VM finds what Go's regexp finds: the same
// leftmost-first match and the same groups, on patterns that exercise priorities (greedy and
// lazy repeats, alternation order), empty-width assertions, captures that do not take part,
// and text with multi-byte and invalid UTF-8.
func TestPikeEqualsRegexp(t *testing.T) {
	patterns := []string{
		`a+?b*`, `(a|ab)(c|bcd)(d*)`, `(?i:k)ey\b`, `\bkey\s*[:=]\s*(\w+)`, `(?:x|(y))+z?`,
		`(a*)*b`, `^ab|cd$`, `(?m:^a.$)`, `\Bb\B`, `(?s:.)é(.)`, `[^a-z]{2,4}?(\d)`, `(a)|(b)|(c)`,
		`(?:(\w+)@)?(\w+)\.(com|org)`, `(foo|foobar)(bar)?`, `\A\s*(\w)`, `(\w+?)(\d*)$`,
		// runs of one rune, which the VM may step over at once
		`key\s*=\s*(\w+)`, `(a*)(a*)b`, `x(\s*)y`, `(?:a|aa)*?b`, `(a)*b`, `(?:\s|=)+(a+)`, `a{3,5}(=+)$`,
		`a{3,9}=`, `(?:x ){3,5}y`, `\bcurl (?:.*?\s)?-u (\w+)`, `(?:ab){2,7}(c)`,
	}
	alphabet := []string{"a", "b", "c", "d", "k", "K", "\u212a", "e", "y", "x", "z", " ", "=", ":", "\n", "é", "\xff", "\xe2\x82", "1", "2", "@", ".", "com", "org", "foo", "bar", "_", "key", "        ", "aaaaaaa", "=======", "\"", "\t\t\t\t", "x x x x x x ", "aaaaaaaaaaaaa", "abababababab", "curl ", "-u "}
	rnd := rand.New(rand.NewPCG(7, 29))
	for _, pat := range patterns {
		re := regexp.MustCompile(pat)
		vm, err := newPike(pat)
		if err != nil {
			t.Fatal(err)
		}
		matched := 0
		for i := 0; i < 3000; i++ {
			var b []byte
			for n := rnd.IntN(16); n > 0; n-- {
				b = append(b, alphabet[rnd.IntN(len(alphabet))]...)
			}
			from := 0
			if len(b) > 0 && rnd.IntN(3) == 0 {
				from = runeStart(b, rnd.IntN(len(b)))
			}
			// Go's regexp searching from `from` sees the text before it as context only
			// when given the whole text: compare with the match of the whole text's
			// FindAll-style search, found by scanning starts from `from`.
			want := firstMatchFrom(re, b, from)
			got, ok, _ := vm.search(b, from, []window{{start: 0, end: len(b)}})
			if !ok {
				got = nil
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s on %q from %d: pike %v, regexp %v", pat, b, from, got, want)
			}
			if ok {
				matched++
			}
			// One allowed start: the VM then steps over runs once its attempts settle.
			want = anchoredAt(re, b, from)
			got, ok, _ = vm.search(b, from, []window{{start: from, end: from}})
			if !ok {
				got = nil
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s on %q from %d alone: pike %v, regexp %v", pat, b, from, got, want)
			}
		}
		if matched == 0 {
			t.Errorf("%s: never matched: the test text does not exercise it", pat)
		}
	}
}

// firstMatchFrom is Go's regexp's leftmost-first match of re in b starting at or after from
// (with b[:from] as context), as FindAllSubmatchIndex returns it when a previous match ended
// at from: nil when none.
func firstMatchFrom(re *regexp.Regexp, b []byte, from int) []int {
	if from == 0 {
		return re.FindSubmatchIndex(b)
	}
	// The regex anchored at each start from `from` on, with one byte of context; the first
	// start that matches is the leftmost.
	at := regexp.MustCompile(`^(?s:.)(?:` + re.String() + `)`)
	for p := from; p < len(b); p = p + 1 {
		if runeStart(b, p) != p {
			continue
		}
		m := at.FindSubmatchIndex(b[p-1:])
		if m == nil {
			continue
		}
		out := make([]int, len(m))
		for i, v := range m {
			out[i] = v
			if v >= 0 {
				out[i] = v + p - 1
			}
		}
		out[0] = p
		return out
	}
	return nil
}

// anchoredAt is Go's regexp's match of re in b starting at from exactly (b[:from] as
// context), or nil.
func anchoredAt(re *regexp.Regexp, b []byte, from int) []int {
	if from == 0 {
		m := regexp.MustCompile(`^(?:` + re.String() + `)`).FindSubmatchIndex(b)
		return m
	}
	m := regexp.MustCompile(`^(?s:.)(?:` + re.String() + `)`).FindSubmatchIndex(b[from-1:])
	if m == nil {
		return nil
	}
	for i, v := range m {
		if v >= 0 {
			m[i] = v + from - 1
		}
	}
	m[0] = from
	return m
}
