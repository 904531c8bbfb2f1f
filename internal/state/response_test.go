package state

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/internal/verdict"
)

// A resolution is one outbox row per notifier named, after the incident's earlier rows, and
// carries the resolution time and the incident's first location.
func TestResolveNotifyEnqueuesOnce(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		cases := []struct {
			name      string
			notifiers []string
			want      []string
		}{
			{"alertmanager only", []string{"alertmanager"}, []string{"alertmanager/resolved/1"}},
			{"HA names", []string{"am-a", "am-b"}, []string{"am-a/resolved/1", "am-b/resolved/1"}},
			{"none", nil, nil},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				s := open(t)
				opts := RecordOptions{Notifiers: tc.notifiers, Now: t0}
				id := record(t, s, "loki", []Sighting{sight("loki", "l1", "a", t0)}, opts).Opened[0]
				for _, it := range due(t, s, t0) {
					if err := s.AlertSent(ctx, it.ID, "", t0); err != nil {
						t.Fatal(err)
					}
				}
				at := t0.Add(time.Hour)
				if err := s.ResolveNotify(ctx, id, "bob", at, tc.notifiers); err != nil {
					t.Fatal(err)
				}
				items := due(t, s, at)
				if got := kinds(items); !slices.Equal(got, tc.want) {
					t.Fatalf("due = %v, want %v", got, tc.want)
				}
				for _, it := range items {
					if !it.Sighting.EventTime.Equal(at) || it.Sighting.Location != "loki:l1" || it.Sighting.Preview != "ghp_…a" {
						t.Errorf("resolved row = %+v", it.Sighting)
					}
				}
				// A second resolution is refused and enqueues nothing.
				if err := s.ResolveNotify(ctx, id, "bob", at, tc.notifiers); !errors.Is(err, ErrAlreadyResolved) {
					t.Fatalf("second resolve: %v", err)
				}
				if n := len(due(t, s, at)); n != len(tc.want) {
					t.Fatalf("due after second resolve = %d", n)
				}
			})
		}
	})
}

func TestSightingLinesAndPurges(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		s := open(t)
		a1, a2 := sight("loki", "l1", "a", t0), sight("loki", "l2", "a", t0.Add(time.Second))
		a2.Location = `{app="x"} @ 2025-01-02T03:04:06Z`
		id := record(t, s, "loki", []Sighting{a1, a2}, RecordOptions{Now: t0}).Opened[0]
		record(t, s, "loki", []Sighting{a1}, RecordOptions{Now: t0}) // read again: still one line
		lines, err := s.SightingLines(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(lines) != 2 || lines[0].LineID != "l1" || lines[1].Location != a2.Location || !lines[1].EventTime.Equal(a2.EventTime) {
			t.Fatalf("lines = %+v", lines)
		}
		pid, err := s.AddPurge(ctx, Purge{IncidentID: id, Source: "loki", Kind: "loki", Request: "POST /loki/api/v1/delete", Status: PurgeRequested, RequestedAt: t0})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.UpdatePurge(ctx, pid, "req-1", PurgeDeleted, "gone", t0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := s.UpdatePurge(ctx, pid+1, "", PurgeDeleted, "", t0); !errors.Is(err, ErrNotFound) {
			t.Fatalf("unknown purge: %v", err)
		}
		in, err := s.Incident(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(in.Purges) != 1 || in.Purges[0].RequestID != "req-1" || in.Purges[0].Status != PurgeDeleted || !in.Purges[0].UpdatedAt.Equal(t0.Add(time.Minute)) {
			t.Fatalf("purges = %+v", in.Purges)
		}
		counts, err := s.PurgesByStatus(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if counts[[2]string{"loki", string(PurgeDeleted)}] != 1 {
			t.Fatalf("counts = %v", counts)
		}
	})
}

func TestResolvedSince(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		s := open(t)
		ids := record(t, s, "loki", []Sighting{sight("loki", "l1", "a", t0), sight("loki", "l2", "b", t0), sight("loki", "l3", "c", t0)}, RecordOptions{Now: t0}).Opened
		must(t, s.Resolve(ctx, ids[0], "x", t0.Add(time.Minute)))
		must(t, s.Resolve(ctx, ids[1], "x", t0.Add(time.Hour)))
		cases := []struct {
			since time.Time
			want  []int64
		}{
			{t0, []int64{ids[1], ids[0]}},
			{t0.Add(30 * time.Minute), []int64{ids[1]}},
			{t0.Add(2 * time.Hour), nil},
		}
		for _, tc := range cases {
			got, err := s.ResolvedSince(ctx, tc.since)
			must(t, err)
			var gotIDs []int64
			for _, in := range got {
				gotIDs = append(gotIDs, in.ID)
				if len(in.Locations) == 0 {
					t.Errorf("incident %d without its locations", in.ID)
				}
			}
			slices.Sort(gotIDs)
			want := slices.Clone(tc.want)
			slices.Sort(want)
			if !slices.Equal(gotIDs, want) {
				t.Errorf("since %v: %v, want %v", tc.since, gotIDs, want)
			}
		}
	})
}

// A verdict is kept on the incident; live raises it to critical for good; unknown does not
// replace a definite verdict; revoked (after a rotation) does.
func TestVerdicts(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		s := open(t)
		steps := []struct {
			line                  string
			verdict, wantVerified verdict.Verdict
			wantS                 string
		}{
			{"l1", "", "", "high"},
			{"l2", "unknown", "unknown", "high"},
			{"l3", "live", "live", "critical"},
			{"l4", "unknown", "live", "critical"},
			{"l5", "revoked", "revoked", "critical"},
		}
		var id int64
		for i, st := range steps {
			sg := sight("loki", st.line, "a", t0.Add(time.Duration(i)*time.Second))
			sg.Verified, sg.VerifyReason = st.verdict, "reason "+st.line
			res := record(t, s, "loki", []Sighting{sg}, RecordOptions{Now: t0})
			if i == 0 {
				id = res.Opened[0]
			}
			in, err := s.Incident(ctx, id)
			must(t, err)
			if in.Verified != st.wantVerified || in.Severity != st.wantS {
				t.Fatalf("step %d (%s): verified %q severity %s, want %q %s", i, st.verdict, in.Verified, in.Severity, st.wantVerified, st.wantS)
			}
		}
		counts, err := s.OpenBySeverityVerified(ctx)
		must(t, err)
		if counts[[2]string{"critical", "revoked"}] != 1 || len(counts) != 1 {
			t.Fatalf("open by severity and verdict = %v", counts)
		}
	})
}
