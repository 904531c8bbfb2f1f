package detector

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/queries"
)

// startDetectors are the whole catalogue searched from start ranges (fast), over whole
// windows (windowed, the search start ranges replaced) and with every regex over every whole
// line (slow, the reference).
func startDetectors(t *testing.T) (fast, windowed, slow *Detector) {
	t.Helper()
	fast = mustDetector(t, queries.Catalog(), Options{Allow: DefaultAllow})
	windowed = mustDetector(t, queries.Catalog(), Options{Allow: DefaultAllow})
	windowed.windowed = true
	slow = mustDetector(t, queries.Catalog(), Options{Allow: DefaultAllow, NoPrefilter: true})
	return fast, windowed, slow
}

// randomLines are lines made to probe the start ranges: catalogue samples spliced into random
// text and cut at random places, keywords repeated, separators, boundaries, and samples
// JSON-escaped into a message (a value on the next line, \n in the text).
func randomLines(seed uint64, n int) [][]byte {
	rnd := rand.New(rand.NewPCG(seed, 29))
	var samples, keywords []string
	for _, r := range queries.Catalog() {
		samples = append(samples, r.TruePositives...)
		keywords = append(keywords, r.Keywords...)
	}
	filler := []string{" ", "  ", "\t", "=", ":", "\"", "'", ",", ";", "x", "a", "_", "-", "--", ".", "/", "\\n", "<", ">",
		"é", "{", "}", "[", "]", "msg=", "level=info ", "token", "secret", "key", "password"}
	piece := func() string {
		switch rnd.IntN(5) {
		case 0, 1:
			s := samples[rnd.IntN(len(samples))]
			if rnd.IntN(3) == 0 { // a cut sample: half a key, half a value
				i, j := rnd.IntN(len(s)+1), rnd.IntN(len(s)+1)
				s = s[min(i, j):max(i, j)]
			}
			return s
		case 2:
			k := keywords[rnd.IntN(len(keywords))]
			return strings.Repeat(k, 1+rnd.IntN(3))
		case 3:
			b, _ := json.Marshal(samples[rnd.IntN(len(samples))] + "\n" + samples[rnd.IntN(len(samples))])
			return `{"msg":` + string(b) + `}`
		}
		return filler[rnd.IntN(len(filler))]
	}
	lines := make([][]byte, n)
	for i := range lines {
		var b strings.Builder
		for k := 1 + rnd.IntN(8); k > 0; k-- {
			b.WriteString(piece())
		}
		lines[i] = []byte(b.String())
	}
	return lines
}

// The start-range search finds on random lines exactly what the whole-window search finds,
// and what every regex over the whole line finds.
func TestStartsRandomLines(t *testing.T) {
	fast, windowed, slow := startDetectors(t)
	n := 1000
	if testing.Short() {
		n = 200
	}
	found := 0
	for _, line := range randomLines(1, n) {
		for _, skip := range []int{0, len(line) / 3} {
			got, want := collect(fast, line, skip), collect(windowed, line, skip)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%q skip %d: start ranges found %s, whole windows %s", line, skip, describe(got), describe(want))
			}
			if ref := collect(slow, line, skip); !reflect.DeepEqual(got, ref) {
				t.Fatalf("%q skip %d: start ranges found %s, whole lines %s", line, skip, describe(got), describe(ref))
			}
			found += len(want)
		}
	}
	if found < n/2 {
		t.Errorf("only %d findings on %d lines: the lines no longer hold secrets", found, n)
	}
	t.Logf("%d findings", found)
}

// allKeywords is every catalogue keyword once, separated by spaces.
func allKeywords() string {
	var kws []string
	for _, r := range queries.Catalog() {
		kws = append(kws, r.Keywords...)
	}
	return strings.Join(kws, " ") + " "
}

// keywordLine is a line of n bytes holding every catalogue keyword.
type keywordLine struct {
	Name string
	Line []byte
}

// keywordLines are the hostile lines BenchmarkHostileAllKeywords and TestAllKeywordsLinear
// scan, n bytes each: every keyword once then filler (several fillers), every keyword
// repeated, and every keyword at both ends with filler between.
func keywordLines(n int) []keywordLine {
	head := allKeywords()
	fill := func(unit string, m int) string {
		m = max(0, m)
		return strings.Repeat(unit, m/len(unit)+1)[:m]
	}
	return []keywordLine{
		{"once+x", []byte(head + fill("x ", n-len(head)))},
		{"once+a", []byte(head + fill("a", n-len(head)))},
		{"once+space", []byte(head + fill(" ", n-len(head)))},
		{"once+eq", []byte(head + fill("=", n-len(head)))},
		{"once+quote", []byte(head + fill(`"`, n-len(head)))},
		{"repeated", []byte(fill(head, n))},
		{"both-ends", []byte(head + fill("x ", n-2*len(head)) + head)},
	}
}

// The regex searches on a line holding every keyword read bytes in proportion to the line:
// twice the line, about twice the bytes; at most a few bytes per byte of line, where the
// whole-window search read about 280 (every rule hit read on to the line's end).
func TestAllKeywordsLinear(t *testing.T) {
	fast, windowed, _ := startDetectors(t)
	read := func(d *Detector, line []byte) int64 {
		d.work = &keyRunWork{}
		defer func() { d.work = nil }()
		d.Scan(line, 0, func(Finding) {})
		return d.work.read.Load()
	}
	// Sizes kept small for CI: the whole-window reference reads a few hundred bytes per byte.
	const n = 16 << 10
	small, large := keywordLines(n), keywordLines(2*n)
	for i := range small {
		r1, r2 := read(fast, small[i].Line), read(fast, large[i].Line)
		old := read(windowed, small[i].Line)
		t.Logf("%s: %d bytes read at %d bytes of line, %d at twice that (whole windows at %d: %d)", small[i].Name, r1, n, r2, n, old)
		if r1 == 0 {
			t.Fatalf("%s: no bytes read counted: the counter is not wired", small[i].Name)
		}
		if r := float64(r2) / float64(r1); r > 2.2 {
			t.Errorf("%s: %d bytes read at %d bytes of line, %d at twice that (x%.1f): not linear", small[i].Name, r1, n, r2, r)
		}
		if 10*r1 > old {
			t.Errorf("%s: start ranges read %d bytes, more than a tenth of the whole windows' %d", small[i].Name, r1, old)
		}
		if r2 > 16*2*n {
			t.Errorf("%s: %d bytes read on a %d-byte line, more than 16 per byte", small[i].Name, r2, 2*n)
		}
	}
}

// Go's case folding matches k and s as the Kelvin sign and the long s too: samples spelt so
// (one letter at a time, outside the rule's keywords) give the same findings searched from
// start ranges, narrowed by anchors or not, as over whole windows. (A keyword spelt so is no
// keyword: a match holding no other is outside the Rule contract, as for the windows.)
func TestStartsFoldedSamples(t *testing.T) {
	fast, windowed, _ := startDetectors(t)
	lines := 0
	for _, r := range queries.Catalog() {
		for _, s := range r.TruePositives {
			inKeyword := make([]bool, len(s))
			for _, k := range r.Keywords {
				for i := 0; i+len(k) <= len(s); i++ {
					if strings.EqualFold(s[i:i+len(k)], k) {
						for j := i; j < i+len(k); j++ {
							inKeyword[j] = true
						}
					}
				}
			}
			done := 0
			for i := 0; i < len(s) && done < 4; i++ {
				if inKeyword[i] {
					continue
				}
				var fold string
				switch s[i] {
				case 'k', 'K':
					fold = "\u212a"
				case 's', 'S':
					fold = "\u017f"
				default:
					continue
				}
				done++
				line := []byte(s[:i] + fold + s[i+1:])
				got, want := collect(fast, line, 0), collect(windowed, line, 0)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: %q: start ranges found %s, whole windows %s", r.ID, line, describe(got), describe(want))
				}
				lines++
			}
		}
	}
	if lines < 500 {
		t.Errorf("only %d folded lines: the samples no longer hold k or s", lines)
	}
}
