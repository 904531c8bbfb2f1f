package engine

import (
	"testing"
	"time"
)

func TestWindows(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	at := func(h, m int) time.Time { return time.Date(2026, 11, 28, h, m, 0, 0, time.UTC) }
	loki := Plan{IngestDelay: 2 * time.Minute, Overlap: 5 * time.Minute, Chunk: time.Hour, InitialLookback: time.Hour}
	cases := []struct {
		name string
		plan Plan
		wm   time.Time
		ok   bool
		want [][2]time.Time
	}{
		{"first run looks back", loki, time.Time{}, false, [][2]time.Time{{at(10, 58), at(11, 58)}}},
		{"overlap before watermark", loki, at(11, 50), true, [][2]time.Time{{at(11, 45), at(11, 58)}}},
		{"long gap is chunked", loki, at(9, 5), true, [][2]time.Time{{at(9, 0), at(10, 0)}, {at(10, 0), at(11, 0)}, {at(11, 0), at(11, 58)}}},
		{"nothing new inside ingest delay", Plan{IngestDelay: 2 * time.Minute}, at(11, 59), true, nil},
		{"checkpointed: no overlap, no chunks", Plan{Checkpointed: true, Overlap: time.Hour, Chunk: time.Minute}, at(9, 0), true, [][2]time.Time{{at(9, 0), at(12, 0)}}},
		{"checkpointed first run", Plan{Checkpointed: true, InitialLookback: time.Minute}, time.Time{}, false, [][2]time.Time{{at(11, 59), at(12, 0)}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Windows(tc.plan, tc.wm, tc.ok, now)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d windows %v, want %d", len(got), got, len(tc.want))
			}
			for i, w := range got {
				if !w.Start.Equal(tc.want[i][0]) || !w.End.Equal(tc.want[i][1]) {
					t.Errorf("window %d = %s, want [%s, %s)", i, w, tc.want[i][0], tc.want[i][1])
				}
			}
			for i := 1; i < len(got); i++ {
				if !got[i].Start.Equal(got[i-1].End) {
					t.Errorf("gap between window %d and %d", i-1, i)
				}
			}
		})
	}
}
