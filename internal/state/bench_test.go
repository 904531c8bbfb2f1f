package state

import (
	"context"
	"fmt"
	"testing"
	"time"
)

const benchPage = 1000

func benchSightings(b *testing.B, page int, distinct int) []Sighting {
	b.Helper()
	out := make([]Sighting, benchPage)
	for i := range out {
		out[i] = sight("loki", fmt.Sprintf("p%d-l%d", page, i), fmt.Sprintf("p%d-s%d", page, i%distinct), t0)
	}
	return out
}

// BenchmarkRecordPage records 1000-sighting pages: every sighting a new incident (worst
// case: an incident, a location, a thread and an outbox row each), all sightings of 10
// incidents, and a rescan where every sighting is already known.
func BenchmarkRecordPage(b *testing.B) {
	cases := []struct {
		name     string
		distinct int
		rescan   bool
	}{
		{"new-incidents", benchPage, false},
		{"10-incidents", 10, false},
		{"rescan", benchPage, true},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			s := openT(b)
			ctx := context.Background()
			opts := RecordOptions{Notifiers: []string{"slack"}, ReplyEvery: time.Hour, Now: t0}
			pages := make([][]Sighting, 0, 8)
			for p := range 8 {
				pages = append(pages, benchSightings(b, p, c.distinct))
			}
			if c.rescan {
				for _, pg := range pages {
					if _, err := s.RecordPage(ctx, "loki", pg, nil, opts); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				pg := pages[i%len(pages)]
				if !c.rescan {
					b.StopTimer()
					pg = benchSightings(b, 100+i, c.distinct)
					b.StartTimer()
				}
				if _, err := s.RecordPage(ctx, "loki", pg, []byte("cp"), opts); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchPage, "ns/sighting")
		})
	}
}
