package elasticsearch

import (
	"context"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/elasticsearch/esfake"
)

// TestCostReportedPerKind: each request the cluster answers is reported with the kind its
// context carries; a search is charged the cluster's own took (the fake answers 1 ms),
// other requests their duration.
func TestCostReportedPerKind(t *testing.T) {
	f, url := newFake(t, esfake.Options{})
	w, want := corpus(t, f, 20)
	var got []sources.Cost
	s := newSource(t, url, func(c *Config) { c.OnCost = func(c sources.Cost) { got = append(got, c) } })
	var c collector
	if err := s.Scan(context.Background(), sources.Request{Window: w}, c.emit); err != nil {
		t.Fatal(err)
	}
	c.checkExactlyOnce(t, want)
	took := 0
	for _, x := range got {
		if x.Kind != sources.QueryScan {
			t.Errorf("scan request reported as %q", x.Kind)
		}
		if x.Time == time.Millisecond {
			took++
		}
	}
	if len(got) == 0 || took == 0 {
		t.Fatalf("scan reported %+v: want its searches charged the cluster's took (1ms)", got)
	}
	got = nil
	if _, err := s.Volumes(sources.WithQueryKind(context.Background(), sources.QueryCount), w.Start, w.End.Sub(w.Start), 1); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Kind != sources.QueryCount {
		t.Errorf("count reported %+v, want one request of kind count", got)
	}
}
