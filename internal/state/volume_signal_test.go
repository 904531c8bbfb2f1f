package state

import (
	"context"
	"errors"
	"testing"
)

// TestVolumeSignal: a bucket's index signal is kept with it, read back with the bucket, and
// dropped when the bucket's count starts afresh (a piece after a hole): it belonged to the
// old count.
func TestVolumeSignal(t *testing.T) {
	ctx := context.Background()
	s := openT(t)
	b := Interval{at(0), at(60)}
	must(t, s.AddVolumePieces(ctx, "loki", []VolumePiece{{Bucket: b, From: at(0), To: at(60), Count: 7}}, t0))
	must(t, s.VolumeVerified(ctx, "loki", b.From, 7, 0, at(120)))
	must(t, s.VolumeSignal(ctx, "loki", b.From, "2/4096"))
	rows, err := s.VolumeBuckets(ctx, "loki", at(0), at(60))
	must(t, err)
	if len(rows) != 1 || rows[0].Signal != "2/4096" || rows[0].Baseline != 7 {
		t.Fatalf("bucket = %+v, want the signal 2/4096 kept with baseline 7", rows)
	}
	if err := s.VolumeSignal(ctx, "loki", at(60), "1/1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("signal of a bucket never counted: %v, want ErrNotFound", err)
	}
	// A piece after a hole restarts a bucket's count: the old signal goes with it.
	b2 := Interval{at(60), at(120)}
	must(t, s.AddVolumePieces(ctx, "loki", []VolumePiece{{Bucket: b2, From: at(60), To: at(70), Count: 3}}, t0))
	must(t, s.VolumeSignal(ctx, "loki", b2.From, "1/10"))
	must(t, s.AddVolumePieces(ctx, "loki", []VolumePiece{{Bucket: b2, From: at(80), To: at(90), Count: 1}}, at(200)))
	rows, err = s.VolumeBuckets(ctx, "loki", at(60), at(120))
	must(t, err)
	if len(rows) != 1 || rows[0].Signal != "" || rows[0].Baseline != 1 {
		t.Errorf("bucket after a fresh count = %+v, want baseline 1 and no signal", rows)
	}
}
