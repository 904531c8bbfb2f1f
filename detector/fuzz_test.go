package detector

import (
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/leakwatch/leakwatch/queries"
)

var (
	fuzzOnce           sync.Once
	fuzzFast, fuzzSlow *Detector
)

func fuzzDetectors(t testing.TB) (*Detector, *Detector) {
	fuzzOnce.Do(func() {
		rules := queries.Catalog()
		var err error
		if fuzzFast, err = New(rules, Options{Key: testKey, Allow: DefaultAllow}); err != nil {
			t.Fatal(err)
		}
		if fuzzSlow, err = New(rules, Options{Key: testKey, Allow: DefaultAllow, NoPrefilter: true}); err != nil {
			t.Fatal(err)
		}
	})
	return fuzzFast, fuzzSlow
}

// FuzzDetector: on any input the detector does not panic, reports secrets inside the text
// and after skip, in catalogue order and by position within a rule, never shows a whole
// secret of 12 bytes or more in a preview, and finds with the prefilter exactly what running
// every regex over the whole line finds.
func FuzzDetector(f *testing.F) {
	for _, r := range queries.Catalog() {
		tp, fp := r.Samples()
		for _, s := range append(tp, fp...) {
			f.Add([]byte(s), uint16(0))
		}
	}
	f.Add([]byte("a ghp_R6X2Gm5Vp0S7d3Lq9Kf1Zb8Ny4Tw6Jh2Ae0c b"), uint16(10))
	fast, slow := fuzzDetectors(f)
	order := map[string]int{}
	for i, r := range fast.Rules() {
		order[r.ID] = i
	}
	f.Fuzz(func(t *testing.T, text []byte, skip16 uint16) {
		skip := int(skip16) % (len(text) + 2)
		got := collect(fast, text, skip)
		want := collect(slow, text, skip)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("prefilter found %s, whole-line regexes %s", describe(got), describe(want))
		}
		for i, fd := range got {
			if fd.Start < 0 || fd.End > len(text) || fd.Start >= fd.End || fd.End <= skip || fd.Column != fd.Start+1 {
				t.Fatalf("finding %s@%d-%d out of range (len %d, skip %d)", fd.RuleID, fd.Start, fd.End, len(text), skip)
			}
			if i > 0 {
				p := got[i-1]
				if order[p.RuleID] > order[fd.RuleID] || p.RuleID == fd.RuleID && p.End > fd.Start {
					t.Fatalf("findings out of order: %s after %s", describe(got[i:i+1]), describe(got[i-1:i]))
				}
			}
			if secret := string(text[fd.Start:fd.End]); len(secret) >= 12 && strings.Contains(fd.Preview, secret) {
				t.Fatalf("preview %q shows the whole secret", fd.Preview)
			}
		}
	})
}
