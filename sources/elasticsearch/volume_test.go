package elasticsearch

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/elasticsearch/esfake"
)

// TestVolumes: _count per bucket, with the scan's range and without the pushdown, in
// half-open millisecond buckets.
func TestVolumes(t *testing.T) {
	f, url := newFake(t, esfake.Options{})
	for i, at := range []time.Duration{0, time.Minute, 59 * time.Minute, time.Hour, 150 * time.Minute} {
		addDoc(t, f, "logs-2026.11.02", string(rune('a'+i)), t0.Add(at), "GET /health 200")
	}
	tests := []struct {
		name  string
		index string
		from  time.Time
		step  time.Duration
		n     int
		want  []int64
	}{
		{"hourly", "logs-*", t0, time.Hour, 3, []int64{3, 1, 1}},
		{"half hours", "logs-*", t0, 30 * time.Minute, 2, []int64{2, 1}},
		{"empty pattern", "none-*", t0, time.Hour, 2, []int64{0, 0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newSource(t, url, func(c *Config) { c.Index = tc.index })
			got, err := s.Volumes(context.Background(), tc.from, tc.step, tc.n)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("volumes = %v, want %v", got, tc.want)
			}
		})
	}
	reqs := f.Requests()
	last := reqs[len(reqs)-1]
	if !strings.HasSuffix(last.Path, "/_count") || strings.Contains(string(last.Body), "health") || !strings.Contains(string(last.Body), `"range"`) {
		t.Errorf("last request %s %s: want a _count with the range and no pushdown", last.Path, last.Body)
	}
}

// TestCheckMapping: field_type and search_fields are compared with the mapping read by
// _field_caps; a mismatch is a config error naming the field and its mapped type.
func TestCheckMapping(t *testing.T) {
	_, url := newFake(t, esfake.Options{})
	tests := []struct {
		name     string
		mut      func(*Config)
		wantErr  []string
		wantKind sources.ErrorKind
	}{
		{"text on message", func(c *Config) {}, nil, ""},
		{"keyword on message.keyword", func(c *Config) { c.FieldType = "keyword"; c.SearchFields = []string{"message.keyword"} }, nil, ""},
		{"keyword guessed for a text field", func(c *Config) { c.FieldType = "keyword" },
			[]string{"field_type", "field message is mapped as text, not keyword"}, sources.KindConfig},
		{"wildcard guessed for a keyword field", func(c *Config) { c.FieldType = "wildcard"; c.SearchFields = []string{"message.keyword"} },
			[]string{"field message.keyword is mapped as keyword, not wildcard"}, sources.KindConfig},
		{"unmapped search field", func(c *Config) { c.SearchFields = []string{"msg"} },
			[]string{"search_fields", "field msg is not mapped"}, sources.KindConfig},
		{"timestamp field not a date", func(c *Config) { c.TimestampField = "message" },
			[]string{"timestamp_field", "mapped as text"}, sources.KindConfig},
		{"pushdown none checks no search field", func(c *Config) { c.Pushdown = PushdownNone; c.FieldType = "keyword" }, nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newSource(t, url, tc.mut)
			err := s.CheckMapping(context.Background())
			if tc.wantErr == nil {
				if err != nil {
					t.Fatalf("got %v, want none", err)
				}
				return
			}
			var se *sources.Error
			if !errors.As(err, &se) || se.Kind != tc.wantKind || !IsMappingError(err) {
				t.Fatalf("got %#v, want a %s mapping error", err, tc.wantKind)
			}
			for _, w := range tc.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}
