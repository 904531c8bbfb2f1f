package logql

import (
	"testing"
)

// TestQuoteReadsBack: whatever Quote writes, the scanner reads back as the same string
// (backticks when they need no escape, Go escapes otherwise).
func TestQuoteReadsBack(t *testing.T) {
	for _, s := range []string{"", "a", `(?i)ghp_[a-z]`, "back`tick", "new\nline", `quote"d`, "\xff", "ü"} {
		q := Quote(s)
		got, err := NewScanner(q).Quoted()
		if err != nil || got != s {
			t.Errorf("Quote(%q) = %s reads back as %q, %v", s, q, got, err)
		}
	}
}

// TestSelectorFromLabelsParses: the exact selector of a label set parses to one equality
// matcher per label, sorted by name.
func TestSelectorFromLabelsParses(t *testing.T) {
	labels := map[string]string{"service_name": "api", "env": `pr"od`, "a": ""}
	s := SelectorFromLabels(labels)
	if s != `{a="", env="pr\"od", service_name="api"}` {
		t.Fatalf("SelectorFromLabels = %s", s)
	}
	sel, err := ParseSelector(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(sel) != 3 {
		t.Fatalf("%d matchers", len(sel))
	}
	for _, m := range sel {
		if m.Type != MatchEqual || m.Value != labels[m.Name] {
			t.Errorf("matcher %s, want %s=%q", m, m.Name, labels[m.Name])
		}
	}
	if sel.String() != s {
		t.Errorf("String() = %s, want %s", sel, s)
	}
}

func TestParseSelectorErrors(t *testing.T) {
	for _, s := range []string{``, `job="x"`, `{job="x"`, `{job}`, `{job="x" env="y"}`, `{job=~"("}`, `{job="x"} |= "a"`} {
		if _, err := ParseSelector(s); err == nil {
			t.Errorf("ParseSelector(%s) accepted", s)
		}
	}
}
