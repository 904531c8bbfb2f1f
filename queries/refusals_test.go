package queries_test

import (
	"slices"
	"testing"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/queries"
)

// TestRefusals: every family of peer findings leakwatch does not report is refused by the
// built-in catalogue as leakwatch runs it (no configuration), for the reason given: its
// refused lines are not reported, and where a validator is the reason, the same values made
// valid are reported by one of the rules named.
func TestRefusals(t *testing.T) {
	rules, err := queries.Select(queries.Catalog(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	d, err := detector.New(rules, detector.Options{Key: []byte("test-key"), Allow: detector.DefaultAllow})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, r := range rules {
		ids[r.ID] = true
	}
	_, peers := peerRuleIDs(t)
	seen := map[string]bool{}
	for _, ref := range queries.Refusals() {
		t.Run(ref.Peers[0], func(t *testing.T) {
			for _, p := range ref.Peers {
				if peers[p] == "" {
					t.Errorf("peer id %q is not a gitleaks or betterleaks rule id", p)
				}
				if seen[p] {
					t.Errorf("peer id %q is in two refusals", p)
				}
				seen[p] = true
			}
			for _, id := range ref.Rules {
				if !ids[id] {
					t.Errorf("rule %q is not in the catalogue", id)
				}
			}
			if ref.Kind == "" || ref.Why == "" || len(ref.Refused) == 0 {
				t.Fatal("a refusal needs a kind, a reason and at least one refused line")
			}
			switch ref.Kind {
			case queries.RefusedChecksum, queries.RefusedStructure:
				if len(ref.Reported) == 0 {
					t.Errorf("a %s refusal shows the valid form reported", ref.Kind)
				}
			case queries.RefusedCompanion, queries.RefusedFileName:
				if len(ref.Rules) > 0 {
					t.Errorf("a %s refusal names no rule that looks at it", ref.Kind)
				}
			}
			for i, line := range ref.Refused {
				d.Scan([]byte(line), 0, func(f detector.Finding) {
					t.Errorf("refused line %d is reported by %s (%s)", i, f.RuleID, f.Preview)
				})
			}
			for i, line := range ref.Reported {
				var by []string
				d.Scan([]byte(line), 0, func(f detector.Finding) { by = append(by, f.RuleID) })
				if !slices.ContainsFunc(by, func(id string) bool { return slices.Contains(ref.Rules, id) }) {
					t.Errorf("reported line %d: found by %v, want one of %v", i, by, ref.Rules)
				}
			}
		})
	}
}
