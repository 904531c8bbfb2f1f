package pipeline

import "testing"

// TestLabelFilterStage: `| a=~"re" or b="v"` keeps an entry when one matcher holds on its
// labels or structured metadata (an absent one is ""); stages and line filters are ANDed.
func TestLabelFilterStage(t *testing.T) {
	q, err := ParseQuery("{job=\"x\"} |= \"ok\" | aws_key=~`(?is).*(?:AKIA|ghp_).*` or trace=\"t1\"")
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Filters) != 1 || len(q.Labels) != 1 || len(q.Labels[0]) != 2 {
		t.Fatalf("parsed %d line filters and label filters %v", len(q.Filters), q.Labels)
	}
	for _, tc := range []struct {
		line string
		meta map[string]string
		keep bool
	}{
		{"ok", map[string]string{"aws_key": "xAKIAy"}, true},
		{"ok", map[string]string{"trace": "t1"}, true},
		{"ok", map[string]string{"aws_key": "none"}, false},
		{"ok", nil, false},
		{"no", map[string]string{"aws_key": "AKIA"}, false},
	} {
		if got := q.KeepEntry(tc.line, func(n string) string { return tc.meta[n] }); got != tc.keep {
			t.Errorf("line %q meta %v: keep %v, want %v", tc.line, tc.meta, got, tc.keep)
		}
	}
	if _, err := ParseQuery(`{job="x"} | json`); err == nil {
		t.Error("a parser stage was accepted")
	}
}
