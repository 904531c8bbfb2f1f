package engine

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/internal/state"
	"github.com/leakwatch/leakwatch/queries"
	"github.com/leakwatch/leakwatch/sources"
)

// TestRecordEveryField: a secret in a stream label or in structured metadata is a finding
// like one in the line, located by the field that held it; no sighting carries any of the
// record's secrets, in its location or its link, whichever part of the record held them.
func TestRecordEveryField(t *testing.T) {
	det, err := detector.New(queries.Catalog(), detector.Options{Key: []byte("fields")})
	if err != nil {
		t.Fatal(err)
	}
	r := fakesecret.Fresh()
	inLabel := fakesecret.GitHub(r, "ghp_")
	inLine := fakesecret.GitHub(r, "ghp_")
	inMeta := fakesecret.AWSKeyID(r)
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	labels := map[string]string{"job": "api", "url": "https://api.example.com/cb?token=" + inLabel}
	loc := fmt.Sprintf(`{job="api", url=%q} @ %s`, labels["url"], at.Format(time.RFC3339Nano))
	link := "https://grafana.example.com/explore?panes=" + url.QueryEscape(`{"expr":"{url=\"`+labels["url"]+`\"}"}`)
	inID := fakesecret.GitHub(r, "ghp_")
	inIndex := "dop_v1_" + fakesecret.From(r, "0123456789abcdef", 64) // lower case, as index names are
	docLoc := "logs-" + inIndex + "/req-" + inID
	docNames := []sources.Field{
		{Name: "_index", Value: "logs-" + inIndex, Kind: sources.InDocName, Shared: true},
		{Name: "_id", Value: "req-" + inID, Kind: sources.InDocName},
	}
	secrets := []string{inLabel, inLine, inMeta, inID, inIndex}
	tests := []struct {
		name string
		line sources.Line
		// want are the sightings' locations, by rule, without the time suffix.
		want []string
	}{
		{"label only", sources.Line{ID: "l1", Time: at, Text: []byte("GET /cb 200"), Labels: labels, Location: loc, Link: link},
			[]string{"label url of {job=\"api\", url=\"https://api.example.com/cb?token=[ghp_…"}},
		{"line and label", sources.Line{ID: "l2", Time: at, Text: []byte("auth token=" + inLine), Labels: labels, Location: loc, Link: link},
			[]string{"{job=\"api\", url=\"https://api.example.com/cb?token=[ghp_…", "label url of {job=\"api\""}},
		{"metadata", sources.Line{ID: "l3", Time: at, Text: []byte("assume role"), Labels: map[string]string{"job": "otel"}, Location: `{job="otel"} @ x`,
			Fields: []sources.Field{{Name: "aws.access_key", Value: inMeta}}},
			[]string{"structured metadata aws.access_key of {job=\"otel\"} @ x"}},
		{"stream record", sources.Line{ID: "stream:1", Time: at, Labels: labels, Location: loc, StreamOnly: true},
			[]string{"label url of {job=\"api\""}},
		{"document names", sources.Line{ID: "es:1", Time: at, Text: []byte("charge failed"), Location: docLoc, Fields: docNames},
			[]string{"document name _index of logs-[dop_v1_…", "document name _id of logs-[dop_v1_…"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := record(det, "loki", &tc.line, newLabelsSeen(), nil)
			if len(got) != len(tc.want) {
				t.Fatalf("%d sightings %+v, want %d", len(got), got, len(tc.want))
			}
			for i, sg := range got {
				if !strings.HasPrefix(sg.Location, tc.want[i]) {
					t.Errorf("sighting %d location %q, want it to start %q", i, sg.Location, tc.want[i])
				}
				if sg.Link != "" && strings.Contains(tc.line.Link, inLabel) {
					t.Errorf("sighting %d keeps link %q although it names the stream by a secret", i, sg.Link)
				}
				dump := fmt.Sprintf("%+v", sg)
				for _, s := range secrets {
					if strings.Contains(dump, s) || strings.Contains(dump, url.QueryEscape(s)) {
						t.Errorf("sighting %d holds a secret: %s", i, dump)
					}
				}
			}
		})
	}
}

// TestRecordLabelsOncePerStream: a label's secret is one sighting of its stream, not one per
// line, however many lines and pages carry it; the line's own secrets stay per line.
func TestRecordLabelsOncePerStream(t *testing.T) {
	det, err := detector.New(queries.Catalog(), detector.Options{Key: []byte("fields")})
	if err != nil {
		t.Fatal(err)
	}
	labels := map[string]string{"job": "api", "url": "/cb?token=" + fakesecret.GitHub(fakesecret.Fresh(), "ghp_")}
	ids := map[string]int{}
	for page := 0; page < 2; page++ {
		seen := newLabelsSeen()
		var out []state.Sighting
		for i := 0; i < 3; i++ {
			// The series API's copy of the stream's labels carries one more label.
			ls := labels
			if i == 2 {
				ls = map[string]string{"job": "api", "url": labels["url"], "service_name": "api"}
			}
			l := sources.Line{ID: fmt.Sprint("line", page, i), Text: []byte("GET /cb"), Labels: ls, Location: "x"}
			out = record(det, "loki", &l, seen, out)
		}
		if len(out) != 1 {
			t.Fatalf("page %d: %d sightings, want 1 for the stream", page, len(out))
		}
		ids[out[0].LineID]++
	}
	if len(ids) != 1 {
		t.Errorf("label sightings have ids %v: want one id across pages", ids)
	}
}

// TestRecordIndexNameOncePerPage: a secret in an index name, which every document of the index
// carries, is one sighting of that name per page, not one per document; a secret in a
// document's _id is a sighting of that document.
func TestRecordIndexNameOncePerPage(t *testing.T) {
	det, err := detector.New(queries.Catalog(), detector.Options{Key: []byte("fields")})
	if err != nil {
		t.Fatal(err)
	}
	r := fakesecret.Fresh()
	index := "logs-dop_v1_" + fakesecret.From(r, "0123456789abcdef", 64)
	seen := newLabelsSeen()
	var got []state.Sighting
	for i, id := range []string{"a-1", "a-2", "req-" + fakesecret.GitHub(r, "ghp_")} {
		l := sources.Line{ID: fmt.Sprintf("es:%d", i), Text: []byte("ok"), Location: index + "/" + id, Fields: []sources.Field{
			{Name: "_index", Value: index, Kind: sources.InDocName, Shared: true},
			{Name: "_id", Value: id, Kind: sources.InDocName},
		}}
		got = record(det, "es", &l, seen, got)
	}
	var lineIDs []string
	for _, sg := range got {
		lineIDs = append(lineIDs, sg.RuleID+" "+sg.LineID)
	}
	want := []string{"digitalocean-pat " + labelID("_index", index), "github-pat es:2"}
	if strings.Join(lineIDs, "; ") != strings.Join(want, "; ") {
		t.Errorf("sightings %q, want %q", lineIDs, want)
	}
}
