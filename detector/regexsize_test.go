package detector

import (
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/queries"
)

// TestRegexSizeLimit: a custom rule whose regex compiles past MaxRegexInsts is refused when
// the detector is built, naming the rule; the built-in catalogue stays well within it.
func TestRegexSizeLimit(t *testing.T) {
	huge := &queries.Rule{ID: "custom-huge", Description: "d", Severity: queries.High, Keywords: []string{"key"},
		Regex: "key=(" + strings.Repeat("[a-z0-9]{1000}", 60) + ")"}
	_, err := New([]*queries.Rule{huge}, Options{Key: []byte("k")})
	if err == nil || !strings.Contains(err.Error(), "custom-huge") || !strings.Contains(err.Error(), "instructions") {
		t.Fatalf("err %v: want the rule refused for its size", err)
	}
	small := &queries.Rule{ID: "custom-small", Description: "d", Severity: queries.High, Keywords: []string{"key"}, Regex: "key=([a-z0-9]{20,40})"}
	if _, err := New([]*queries.Rule{small}, Options{Key: []byte("k")}); err != nil {
		t.Fatalf("a small rule was refused: %v", err)
	}
	for _, r := range queries.Catalog() {
		if n := progSize(r.Regex); n > MaxRegexInsts/2 {
			t.Errorf("built-in rule %s compiles to %d instructions: too close to the limit", r.ID, n)
		}
	}
}
