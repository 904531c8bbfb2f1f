package loki_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/sources/loki"
	"github.com/leakwatch/leakwatch/sources/loki/lokifake"
)

// TestVolumes: one metric query per selector gives the lines in scope of many buckets; the
// pushdown filter plays no part; buckets without lines count 0.
func TestVolumes(t *testing.T) {
	f, url := newFake(t, lokifake.Options{})
	push := func(labels map[string]string, at time.Duration, line string) {
		t.Helper()
		if err := f.Push("fake", labels, lokifake.Entry{Time: t0.Add(at), Line: line}); err != nil {
			t.Fatal(err)
		}
	}
	app, db := map[string]string{"job": "app"}, map[string]string{"job": "db"}
	push(app, 5*time.Minute, "GET / 200")
	push(app, 50*time.Minute, "GET / 500")
	push(app, 70*time.Minute, "GET / 200")
	push(db, 20*time.Minute, "checkpoint")
	push(db, 200*time.Minute, "vacuum")

	// Buckets on the step's grid: one query_range per selector for all; others (the parts of
	// a window) one instant query per bucket and selector.
	const rng, inst = "/loki/api/v1/query_range", "/loki/api/v1/query"
	tests := []struct {
		name      string
		selectors []string
		from      time.Time
		step      time.Duration
		n         int
		want      []int64
		path      string
		requests  int
	}{
		{"one selector, hourly", []string{`{job="app"}`}, t0, time.Hour, 4, []int64{2, 1, 0, 0}, rng, 1},
		{"two selectors summed", []string{`{job="app"}`, `{job="db"}`}, t0, time.Hour, 4, []int64{3, 1, 0, 1}, rng, 2},
		{"every stream", nil, t0, time.Hour, 4, []int64{3, 1, 0, 1}, rng, 1},
		{"finer step", []string{`{job="app"}`}, t0, 30 * time.Minute, 3, []int64{1, 1, 1}, rng, 1},
		{"off the grid", []string{`{job=~".+"}`}, t0.Add(time.Minute), 90*time.Minute + 500*time.Millisecond, 2, []int64{4, 0}, inst, 2},
		{"one part of a window", []string{`{job=~".+"}`}, t0.Add(7 * time.Minute), 63 * time.Minute, 1, []int64{3}, inst, 1},
		{"nothing in scope", []string{`{job="none"}`}, t0, time.Hour, 2, []int64{0, 0}, rng, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newSource(t, url, func(c *loki.Config) { c.Selectors = tc.selectors })
			before := len(f.Requests())
			got, err := s.Volumes(context.Background(), tc.from, tc.step, tc.n)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("volumes = %v, want %v", got, tc.want)
			}
			reqs := f.Requests()[before:]
			if len(reqs) != tc.requests {
				t.Errorf("%d requests, want %d", len(reqs), tc.requests)
			}
			for _, r := range reqs {
				if r.Path != tc.path {
					t.Errorf("request to %s, want %s", r.Path, tc.path)
				}
				if q := r.Form.Get("query"); !strings.HasPrefix(q, "sum(count_over_time({") || strings.Contains(q, "|") {
					t.Errorf("query %q: want sum(count_over_time(selector[step])) without a line filter", q)
				}
			}
		})
	}
}
