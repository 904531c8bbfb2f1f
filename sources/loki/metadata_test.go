package loki_test

import (
	"context"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/fakesecret"
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
		{"attributes follow the line, sorted", "GET / 200", map[string]string{"trace_id": "abc", "http.route": "/"},
			"GET / 200\nhttp.route=/ trace_id=abc", false},
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
			if string(lines[0].Text) != tc.wantText {
				t.Errorf("text %q, want %q", lines[0].Text, tc.wantText)
			}
			found := false
			det.Scan(lines[0].Text, 0, func(f detector.Finding) { found = found || f.RuleID == "aws-access-key-id" })
			if found != tc.wantFound {
				t.Errorf("secret found %v, want %v", found, tc.wantFound)
			}
		})
	}
}
