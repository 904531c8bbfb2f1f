package state

import (
	"context"
	"testing"
	"time"
)

func TestLastSighting(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		s := open(t)
		ctx := context.Background()
		if _, ok, err := s.LastSighting(ctx); err != nil || ok {
			t.Fatalf("empty state: ok=%v err=%v", ok, err)
		}
		record(t, s, "loki", []Sighting{sight("loki", "l1", "a", t0), sight("loki", "l2", "b", t0.Add(time.Hour))}, RecordOptions{Now: t0})
		record(t, s, "loki", []Sighting{sight("loki", "l3", "a", t0.Add(2*time.Hour))}, RecordOptions{Now: t0})
		// An older line read later (a backfill) does not move it back.
		record(t, s, "loki", []Sighting{sight("loki", "l0", "b", t0.Add(-time.Hour))}, RecordOptions{Now: t0})
		got, ok, err := s.LastSighting(ctx)
		if err != nil || !ok || !got.Equal(t0.Add(2*time.Hour)) {
			t.Fatalf("LastSighting = %v %v %v, want %v", got, ok, err, t0.Add(2*time.Hour))
		}
	})
}
