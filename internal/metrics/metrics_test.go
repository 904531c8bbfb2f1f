package metrics

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestSetOwnedDropsCoverageOfAGivenUpSource(t *testing.T) {
	m := NewForStore("postgres")
	m.SetOwned("a", true)
	m.CoveredUntil.WithLabelValues("a").Set(100)
	m.CoverageGap.WithLabelValues("a").Set(0)
	m.CoveredUntil.WithLabelValues("b").Set(50)
	if got := testutil.ToFloat64(m.SourceOwned.WithLabelValues("a")); got != 1 {
		t.Fatalf("source_owned{a} = %v, want 1", got)
	}
	m.SetOwned("a", false)
	if got := testutil.ToFloat64(m.SourceOwned.WithLabelValues("a")); got != 0 {
		t.Fatalf("source_owned{a} = %v after giving it up, want 0", got)
	}
	if n := testutil.CollectAndCount(m.CoveredUntil); n != 1 {
		t.Fatalf("covered_until series = %d, want only b's (a was given up)", n)
	}
	if n := testutil.CollectAndCount(m.CoverageGap); n != 0 {
		t.Fatalf("coverage_gap series = %d, want 0", n)
	}
}

func TestBuildInfoNamesTheStore(t *testing.T) {
	for _, store := range []string{"sqlite", "postgres"} {
		m := NewForStore(store)
		mfs, err := m.Registry.Gather()
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, mf := range mfs {
			if mf.GetName() != "leakwatch_build_info" {
				continue
			}
			for _, lp := range mf.GetMetric()[0].GetLabel() {
				if lp.GetName() == "store" && lp.GetValue() == store {
					found = true
				}
			}
		}
		if !found {
			t.Fatalf("leakwatch_build_info has no store=%q label", store)
		}
	}
}
