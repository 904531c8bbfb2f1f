package loki_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/pushdown"
	"github.com/leakwatch/leakwatch/queries"
	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/loki"
	"github.com/leakwatch/leakwatch/sources/loki/lokifake"
)

// TestStructuredMetadataScanned: the values of an entry's structured metadata (OTLP
// attributes) are scanned like its line, so a secret there is found; metadata Loki derives
// itself (detected_level) adds nothing.
func TestStructuredMetadataScanned(t *testing.T) {
	key := fakesecret.AWSKeyID(fakesecret.Fresh())
	det, err := detector.New(queries.Catalog(), detector.Options{Key: []byte("metadata-test")})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		line      string
		meta      map[string]string
		wantText  string
		wantFound bool
	}{
		{"no metadata", "GET / 200", nil, "GET / 200", false},
		{"derived metadata only", "GET / 200", map[string]string{"detected_level": "info"}, "GET / 200", false},
		{"attributes apart from the line, sorted", "GET / 200", map[string]string{"trace_id": "abc", "http.route": "/"},
			"GET / 200\nhttp.route=/\ntrace_id=abc", false},
		{"secret in an attribute", "assume role ok", map[string]string{"aws.access_key": key},
			"assume role ok\naws.access_key=" + key, true},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, u := newFake(t, lokifake.Options{})
			at := t0.Add(time.Duration(i+1) * time.Minute)
			if err := f.Push("fake", map[string]string{"job": "otel"}, lokifake.Entry{Time: at, Line: tc.line, StructuredMetadata: tc.meta}); err != nil {
				t.Fatal(err)
			}
			s := newSource(t, u, func(c *loki.Config) {})
			lines, _, err := collect(context.Background(), s, sources.Window{Start: t0, End: t0.Add(time.Hour)}, sources.Filter{})
			if err != nil || len(lines) != 1 {
				t.Fatalf("%d lines, err %v", len(lines), err)
			}
			// The line, then each attribute as name=value, as the engine scans them.
			text := string(lines[0].Text)
			for _, f := range lines[0].Fields {
				text += "\n" + f.Name + "=" + f.Value
			}
			if text != tc.wantText {
				t.Errorf("text and fields %q, want %q", text, tc.wantText)
			}
			found := false
			for _, f := range lines[0].Fields {
				det.Scan([]byte(f.Name+"="+f.Value), 0, func(f detector.Finding) { found = found || f.RuleID == "aws-access-key-id" })
			}
			if found != tc.wantFound {
				t.Errorf("secret found %v, want %v", found, tc.wantFound)
			}
		})
	}
}

// TestStreamLabelsRead: with a line filter pushed down, a stream none of whose lines pass it
// still has its labels read (from the series API), once per chunk, as a record with no line
// whose id is the same in every window; without a filter every stream's labels come with its
// lines and no series request is made.
func TestStreamLabelsRead(t *testing.T) {
	f, u := newFake(t, lokifake.Options{})
	labels := map[string]string{"job": "api", "url": "https://api.example.com/cb?token=" + fakesecret.GitHub(fakesecret.Fresh(), "ghp_")}
	if err := f.Push("fake", labels, lokifake.Entry{Time: t0.Add(time.Minute), Line: "GET /cb 200"}, lokifake.Entry{Time: t0.Add(90 * time.Minute), Line: "GET /cb 200"}); err != nil {
		t.Fatal(err)
	}
	s := newSource(t, u, func(c *loki.Config) {})
	filter := sources.Filter{Plan: &pushdown.Plan{Stages: []pushdown.Clause{{{Text: "AKIA"}}}}}
	var streams []sources.Line
	err := s.Scan(context.Background(), sources.Request{Window: hour(2), Filter: filter}, func(_ context.Context, p sources.Page) error {
		for _, l := range p.Lines {
			if !l.StreamOnly {
				t.Errorf("line %q passed a filter it does not match", l.Text)
				continue
			}
			streams = append(streams, l)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(streams) != 2 {
		t.Fatalf("%d stream records over two 1h chunks, want 2", len(streams))
	}
	for _, l := range streams {
		if l.Labels["url"] != labels["url"] || len(l.Text) != 0 || l.ID != streams[0].ID || !strings.HasPrefix(l.ID, "stream:") {
			t.Errorf("stream record %+v: want the stream's labels, no text, one id", l)
		}
	}
	before := len(f.Requests())
	if _, _, err := collect(context.Background(), s, hour(2), sources.Filter{}); err != nil {
		t.Fatal(err)
	}
	for _, r := range f.Requests()[before:] {
		if r.Path != "/loki/api/v1/query_range" {
			t.Errorf("unfiltered scan asked %s: the lines bring their labels", r.Path)
		}
	}
}

// TestStructuredMetadataSearched: Loki's line filters never see structured metadata, so
// with a pushdown an entry whose secret sits only in an attribute is not returned, unless
// the source names that attribute in StructuredMetadata: a second query per chunk keeps
// the entries whose attribute holds a literal of the plan.
func TestStructuredMetadataSearched(t *testing.T) {
	key := fakesecret.AWSKeyID(fakesecret.Fresh())
	f, u := newFake(t, lokifake.Options{})
	if err := f.Push("fake", map[string]string{"job": "otel"},
		lokifake.Entry{Time: t0.Add(time.Minute), Line: "assume role ok", StructuredMetadata: map[string]string{"aws_access_key": key}},
		lokifake.Entry{Time: t0.Add(2 * time.Minute), Line: "assume role ok", StructuredMetadata: map[string]string{"aws_access_key": "none"}}); err != nil {
		t.Fatal(err)
	}
	filter := sources.Filter{Plan: &pushdown.Plan{Stages: []pushdown.Clause{{{Text: "AKIA"}, {Text: "ghp_"}}}}}
	for _, tc := range []struct {
		keys []string
		want int
	}{{nil, 0}, {[]string{"aws_access_key"}, 1}, {[]string{"trace_id"}, 0}} {
		s := newSource(t, u, func(c *loki.Config) { c.StructuredMetadata = tc.keys })
		lines, _, err := collect(context.Background(), s, hour(1), filter)
		if err != nil {
			t.Fatal(err)
		}
		if len(lines) != tc.want {
			t.Errorf("structured_metadata %v: %d lines, want %d", tc.keys, len(lines), tc.want)
			continue
		}
		if tc.want == 1 && (len(lines[0].Fields) != 1 || lines[0].Fields[0].Value != key) {
			t.Errorf("line %+v: want its metadata in Fields", lines[0])
		}
	}
	if q := loki.MetadataLogQL(filter.Plan, []string{"a", "b_c"}); q != "| a=~`(?is).*(?:AKIA|ghp_).*` or b_c=~`(?is).*(?:AKIA|ghp_).*`" {
		t.Errorf("MetadataLogQL = %s", q)
	}
}
