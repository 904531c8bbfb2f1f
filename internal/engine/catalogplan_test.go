package engine

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"reflect"
	"testing"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/pushdown"
	"github.com/leakwatch/leakwatch/queries"
)

var update = flag.Bool("update", false, "rewrite generated files")

// TestCatalogPlanFresh: the shipped plan is the one planRules makes for the whole built-in
// catalogue today (go test ./internal/engine -run TestCatalogPlanFresh -update rewrites it).
func TestCatalogPlanFresh(t *testing.T) {
	if raceEnabled {
		// Planning the whole catalogue runs no goroutine and takes minutes under the race
		// detector; the plain test run checks the plan.
		t.Skip("no concurrency to check; run without -race")
	}
	catalog := queries.Catalog()
	want := catalogPlan{Digest: pushdown.RulesDigest(planInput(catalog)), Plan: planRules(catalog)}
	b, err := json.MarshalIndent(want, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	if *update {
		if err := os.WriteFile("catalogplan.json", b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(b, catalogPlanFile) {
		t.Fatal("internal/engine/catalogplan.json is stale: go test ./internal/engine -run TestCatalogPlanFresh -update")
	}
	got, ok := loadCatalogPlan()
	if !ok || !reflect.DeepEqual(got.Plan.Stages, want.Plan.Stages) {
		t.Fatalf("the shipped plan does not load as made (ok %v)", ok)
	}
}

// TestFilterShippedPlan: a rule set of built-in rules only, the whole catalogue or part of it,
// gets the shipped plan with its own covers; one with a custom rule is planned for itself.
func TestFilterShippedPlan(t *testing.T) {
	cp, ok := loadCatalogPlan()
	if !ok {
		t.Fatal("the shipped plan does not match the catalogue")
	}
	catalog := queries.Catalog()
	part, err := queries.Select(catalog, []string{"generic-secret", "generic-password", "github-pat"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	p, ok := shippedPlan(part)
	if !ok || !reflect.DeepEqual(p.Stages, cp.Plan.Stages) {
		t.Fatalf("built-in subset: shipped %v", ok)
	}
	if len(p.Covers) != len(part) {
		t.Errorf("covers: %d for %d rules", len(p.Covers), len(part))
	}
	for _, c := range p.Covers {
		if c.RuleID == "github-pat" {
			t.Errorf("the cover of a rule outside the set is kept")
		}
	}
	custom, err := queries.CustomRule("acme-token", "Acme token", "high", []string{"acme_"}, `(acme_[a-z0-9]{20})`, false)
	if err != nil {
		t.Fatal(err)
	}
	withCustom := append(append([]*queries.Rule(nil), part...), custom)
	if _, ok := shippedPlan(withCustom); ok {
		t.Fatal("a rule set with a custom rule got the catalogue's plan")
	}
	// Planned for itself: a small set keeps the test quick.
	det, err := detector.New([]*queries.Rule{part[0], custom}, detector.Options{Key: []byte("k")})
	if err != nil {
		t.Fatal(err)
	}
	f := Filter(det)
	found := false
	for _, c := range f.Plan.Covers {
		found = found || c.RuleID == "acme-token"
	}
	if !found {
		t.Error("the custom rule's plan has no cover for it")
	}
}
