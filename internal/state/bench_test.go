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

// BenchmarkOutbox is the outbox's throughput on each backend: a page of 100 new incidents
// enqueues 100 alerts, then a replica claims them 10 at a time and records each delivery's
// start and end, as the outbox worker does (without the network). items/s counts alerts
// through the whole cycle.
func BenchmarkOutbox(b *testing.B) {
	const page, batch = 100, 10
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			s := be.open(b)
			ctx := context.Background()
			opts := RecordOptions{Notifiers: []string{"slack"}, Now: t0}
			items := 0
			for i := 0; b.Loop(); i++ {
				b.StopTimer()
				sg := make([]Sighting, page)
				for j := range sg {
					sg[j] = sight("loki", fmt.Sprintf("i%d-l%d", i, j), fmt.Sprintf("i%d-s%d", i, j), t0)
				}
				b.StartTimer()
				if _, err := s.RecordPage(ctx, "loki", sg, nil, opts); err != nil {
					b.Fatal(err)
				}
				for done := 0; done < page; {
					claimed, err := s.ClaimAlerts(ctx, "bench", t0, time.Minute, batch)
					if err != nil {
						b.Fatal(err)
					}
					if len(claimed) == 0 {
						b.Fatalf("nothing to claim after %d of %d", done, page)
					}
					for _, it := range claimed {
						if err := s.AlertSendingClaimed(ctx, it.ID, "bench", time.Minute, t0); err != nil {
							b.Fatal(err)
						}
						if err := s.AlertSent(ctx, it.ID, "ts", t0); err != nil {
							b.Fatal(err)
						}
					}
					done += len(claimed)
				}
				items += page
			}
			b.ReportMetric(float64(items)/b.Elapsed().Seconds(), "items/s")
		})
	}
}
