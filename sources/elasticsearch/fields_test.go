package elasticsearch

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/elasticsearch/esfake"
)

// trickyDocs are _sources whose fields hide in every shape Elasticsearch accepts: nested
// objects, dotted keys, both at once, arrays of values and of objects, nulls, numbers.
var trickyDocs = []struct {
	name string
	doc  string
	path string
}{
	{"flat key", `{"log.original":"a"}`, "log.original"},
	{"nested objects", `{"log":{"original":"a"}}`, "log.original"},
	{"dotted key inside an object", `{"log":{"file.path":"a"}}`, "log.file.path"},
	{"object under a dotted key", `{"log.file":{"path":"a"}}`, "log.file.path"},
	{"flat and nested forms add up", `{"log":{"original":"a"},"log.original":"b"}`, "log.original"},
	{"three forms add up", `{"a":{"b":{"c":"1"},"b.c":"2"},"a.b":{"c":"3"},"a.b.c":"4"}`, "a.b.c"},
	{"array of values", `{"message":["a","b"]}`, "message"},
	{"array of objects", `{"log":[{"original":"a"},{"original":"b"},{"other":"c"}]}`, "log.original"},
	{"array of objects under a dotted key", `{"kubernetes.labels":[{"app":"a"},{"app":"b"}]}`, "kubernetes.labels.app"},
	{"arrays in arrays", `{"message":[["a",["b"]],"c"]}`, "message"},
	{"array of objects holding arrays", `{"log":[{"original":["a","b"]},{"original":"c"}]}`, "log.original"},
	{"nulls index nothing", `{"message":null,"log":{"original":[null,"a"]}}`, "log.original"},
	{"null message", `{"message":null}`, "message"},
	{"empty array", `{"message":[]}`, "message"},
	{"absent", `{"msg":"a"}`, "message"},
	{"prefix of a longer key is not the key", `{"log.originalx":"a","log":{"originalx":"b"}}`, "log.original"},
	{"numbers and booleans as written", `{"status":[200,1.5,true,12345678901234567890]}`, "status"},
	{"a dot in a value is not a path", `{"message":"log.original"}`, "message"},
}

func decodeDoc(t *testing.T, s string) map[string]any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber() // as the client decodes hits
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	return m
}

// TestFieldLookupAgreesWithFake: the client reads from a hit's _source exactly the values the
// cluster indexes under the field (the fake's own flattening, after Elasticsearch's mapping
// rules), on documents that hide fields in every shape.
func TestFieldLookupAgreesWithFake(t *testing.T) {
	for _, tt := range trickyDocs {
		t.Run(tt.name, func(t *testing.T) {
			doc := decodeDoc(t, tt.doc)
			want := esfake.FieldValues(doc, tt.path)
			got, _ := sourceValues(doc, tt.path)
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("%s in %s: client reads %q, the cluster indexes %q", tt.path, tt.doc, got, want)
			}
		})
	}
}

// TestObjectFieldReadWhole: a message field that holds an object is no field of the cluster
// (it indexes the leaves), but the client reads it whole, as JSON, so that nothing under it
// goes unscanned.
func TestObjectFieldReadWhole(t *testing.T) {
	doc := decodeDoc(t, `{"log":{"original":"a","extra":{"token":"b"}}}`)
	if v := esfake.FieldValues(doc, "log"); len(v) != 0 {
		t.Fatalf("the fake indexes %q under an object's own path", v)
	}
	got, ok := sourceValues(doc, "log")
	if !ok || len(got) != 1 || !strings.Contains(got[0], `"token":"b"`) || !strings.Contains(got[0], `"original":"a"`) {
		t.Fatalf("client reads %q, want the object as JSON", got)
	}
}

// TestTrickyDocumentsScanned: end to end, each tricky document's secret-bearing field comes
// back in the Line the client builds, whatever shape the field hides in; the fake matches
// the pushdown on its own flattening.
func TestTrickyDocumentsScanned(t *testing.T) {
	f, url := newFake(t, esfake.Options{Flavor: esfake.Elasticsearch})
	w := sources.Window{Start: t0, End: t0.Add(time.Minute)}
	want := map[string][]string{}
	var fields []string
	for i, tt := range trickyDocs {
		doc := decodeDoc(t, tt.doc)
		doc["@timestamp"] = t0.Add(time.Duration(i) * time.Second).Format(time.RFC3339Nano)
		doc["event"] = map[string]any{"id": fmt.Sprintf("ev-%02d", i)}
		id := fmt.Sprintf("t%02d", i)
		if err := f.Add("logs-x", id, doc); err != nil {
			t.Fatal(err)
		}
		want["logs-x/"+id] = esfake.FieldValues(doc, tt.path)
		if !slices.Contains(fields, tt.path) {
			fields = append(fields, tt.path)
		}
	}
	s := newSource(t, url, func(c *Config) { c.MessageFields = fields; c.Pushdown = PushdownNone })
	var c collector
	if err := s.Scan(context.Background(), sources.Request{Window: w}, c.emit); err != nil {
		t.Fatal(err)
	}
	if len(c.lines) != len(trickyDocs) {
		t.Fatalf("%d lines, want %d", len(c.lines), len(trickyDocs))
	}
	for _, l := range c.lines {
		parts := strings.Split(string(l.Text), "\n")
		for _, v := range want[l.Location] {
			if !slices.Contains(parts, v) {
				t.Errorf("%s: line %q lacks %q", l.Location, l.Text, v)
			}
		}
	}
}
