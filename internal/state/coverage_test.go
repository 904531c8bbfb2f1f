package state

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// iv is an interval in minutes after t0.
type iv [2]int

func at(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }

func ivs(in []Interval) []iv {
	var out []iv
	for _, x := range in {
		out = append(out, iv{int(x.From.Sub(t0) / time.Minute), int(x.To.Sub(t0) / time.Minute)})
	}
	return out
}

func TestCoverMerge(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		tests := []struct {
			name   string
			covers []iv
			want   []iv
			wm     int
		}{
			{"one", []iv{{0, 10}}, []iv{{0, 10}}, 10},
			// The watermark never jumps a hole: an interval beyond it is in the ledger but
			// covered_until waits for the hole to be filled.
			{"disjoint in order", []iv{{0, 10}, {20, 30}}, []iv{{0, 10}, {20, 30}}, 10},
			{"hole filled", []iv{{0, 10}, {20, 30}, {10, 20}}, []iv{{0, 30}}, 30},
			{"disjoint reversed", []iv{{20, 30}, {0, 10}}, []iv{{0, 10}, {20, 30}}, 30},
			{"adjacent", []iv{{0, 10}, {10, 20}}, []iv{{0, 20}}, 20},
			{"adjacent before", []iv{{10, 20}, {0, 10}}, []iv{{0, 20}}, 20},
			{"overlap right", []iv{{0, 10}, {5, 15}}, []iv{{0, 15}}, 15},
			{"overlap left", []iv{{5, 15}, {0, 10}}, []iv{{0, 15}}, 15},
			{"contained", []iv{{0, 30}, {10, 20}}, []iv{{0, 30}}, 30},
			{"containing", []iv{{10, 20}, {0, 30}}, []iv{{0, 30}}, 30},
			{"same twice", []iv{{0, 10}, {0, 10}}, []iv{{0, 10}}, 10},
			{"bridge two", []iv{{0, 10}, {20, 30}, {10, 20}}, []iv{{0, 30}}, 30},
			{"bridge overlapping", []iv{{0, 10}, {20, 30}, {5, 25}}, []iv{{0, 30}}, 30},
			{"swallow many", []iv{{2, 3}, {5, 6}, {8, 9}, {12, 14}, {0, 10}}, []iv{{0, 10}, {12, 14}}, 10},
			{"gap of one", []iv{{0, 10}, {11, 20}}, []iv{{0, 10}, {11, 20}}, 10},
			{"backfill behind watermark", []iv{{100, 110}, {0, 50}}, []iv{{0, 50}, {100, 110}}, 110},
			{"overlapping rescans", []iv{{0, 10}, {5, 15}, {10, 20}, {15, 25}}, []iv{{0, 25}}, 25},
			{"empty interval", []iv{{0, 10}, {20, 20}}, []iv{{0, 10}}, 10},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				ctx := context.Background()
				s := open(t)
				for _, c := range tc.covers {
					if err := s.Cover(ctx, "loki", at(c[0]), at(c[1])); err != nil {
						t.Fatal(err)
					}
				}
				got, err := s.Coverage(ctx, "loki", at(-1000), at(1000))
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(ivs(got), tc.want) {
					t.Fatalf("coverage = %v, want %v", ivs(got), tc.want)
				}
				wm, ok, err := s.Watermark(ctx, "loki")
				if err != nil || !ok || !wm.Equal(at(tc.wm)) {
					t.Fatalf("watermark = %v %v %v, want %v", wm, ok, err, at(tc.wm))
				}
				if n := count(t, s, `SELECT COUNT(*) FROM coverage`); n != len(tc.want) {
					t.Fatalf("ledger rows = %d, want %d (merged)", n, len(tc.want))
				}
			})
		}
	})
}

func TestCoverageClip(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		s := open(t)
		for _, c := range []iv{{0, 10}, {20, 30}, {40, 50}} {
			if err := s.Cover(ctx, "loki", at(c[0]), at(c[1])); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Cover(ctx, "files", at(0), at(100)); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			from, to int
			want     []iv
		}{
			{-10, 100, []iv{{0, 10}, {20, 30}, {40, 50}}},
			{5, 45, []iv{{5, 10}, {20, 30}, {40, 45}}},
			{10, 20, nil}, // exactly the gap: half-open ends do not overlap
			{9, 21, []iv{{9, 10}, {20, 21}}},
			{22, 28, []iv{{22, 28}}},
			{50, 60, nil},
			{-5, 0, nil},
			{30, 30, nil}, // empty query
			{40, 20, nil}, // inverted query
		}
		for _, tc := range tests {
			t.Run(fmt.Sprint(tc.from, "-", tc.to), func(t *testing.T) {
				got, err := s.Coverage(ctx, "loki", at(tc.from), at(tc.to))
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(ivs(got), tc.want) {
					t.Fatalf("coverage = %v, want %v", ivs(got), tc.want)
				}
			})
		}
	})
}

func TestCoverErrorsAndWatermark(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		s := open(t)
		if _, ok, err := s.Watermark(ctx, "loki"); ok || err != nil {
			t.Fatalf("never scanned: ok=%v err=%v", ok, err)
		}
		if err := s.Cover(ctx, "loki", at(10), at(0)); err == nil || !strings.Contains(err.Error(), "before it starts") {
			t.Fatalf("inverted interval: %v", err)
		}
		if err := s.Cover(ctx, "", at(0), at(10)); err == nil {
			t.Fatal("empty source accepted")
		}
		if err := s.Cover(ctx, "loki", at(5), at(5)); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := s.Watermark(ctx, "loki"); ok {
			t.Fatal("an empty interval moved the watermark")
		}
		// Nanosecond precision survives the round trip.
		end := t0.Add(123456789 * time.Nanosecond)
		if err := s.Cover(ctx, "loki", t0, end); err != nil {
			t.Fatal(err)
		}
		if wm, _, _ := s.Watermark(ctx, "loki"); !wm.Equal(end) {
			t.Fatalf("watermark = %v, want %v", wm, end)
		}
	})
}
