package queries

import "testing"

// TestCatalogSamples runs every rule's own samples through a detector holding the whole
// catalogue: a true positive must be found by its rule, a false positive by none.
func TestCatalogSamples(t *testing.T) {
	rules := Catalog()
	d, err := New(rules, Options{Key: []byte("test-key"), Allow: DefaultAllow})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		t.Run(r.ID, func(t *testing.T) {
			if len(r.TruePositives) < 2 || len(r.FalsePositives) < 1 {
				t.Fatalf("rule needs >= 2 true-positive and >= 1 false-positive samples")
			}
			for i, s := range r.TruePositives {
				var own int
				d.Scan([]byte(s), 0, func(f Finding) {
					if f.RuleID == r.ID {
						own++
						if sec := s[f.Start:f.End]; !r.KeywordMatches(sec) && !r.KeywordMatches(s) {
							t.Errorf("true positive %d: no keyword in the line", i)
						}
					}
				})
				if own != 1 {
					t.Errorf("true positive %d: rule found %d secrets, want 1", i, own)
				}
			}
			for i, s := range r.FalsePositives {
				d.Scan([]byte(s), 0, func(f Finding) {
					if f.RuleID == r.ID {
						t.Errorf("false positive %d: found %s", i, f.Preview)
					}
				})
			}
		})
	}
}
