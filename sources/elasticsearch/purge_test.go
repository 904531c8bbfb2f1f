package elasticsearch

import (
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/elasticsearch/esfake"
)

// TestPurger: the purge capability plans one bulk delete of the lines' documents (a line
// recorded without a location by its id, which is index/_id too), answered at once, and
// names the line whose location is not a document's.
func TestPurger(t *testing.T) {
	s, err := New(Config{Name: "es", URLs: []string{"http://127.0.0.1:1"}, Index: "logs-*"})
	if err != nil {
		t.Fatal(err)
	}
	p, ok := sources.As[sources.Purger](sources.Source(s))
	if !ok || p.Purging() != (sources.Purging{Kind: "elasticsearch"}) {
		t.Fatalf("purging = %+v (%v), want elasticsearch, answered at once", p, ok)
	}
	plan, err := p.PlanPurge([]sources.PurgeLine{{LineID: "logs-1/a", Location: "logs-1/a"}, {LineID: "logs-2/b/c"}}, sources.PurgeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Requests) != 1 || len(plan.Skipped) != 0 {
		t.Fatalf("plan = %+v, want one request", plan)
	}
	q := plan.Requests[0]
	want := "POST /_bulk?refresh=wait_for\n" + string(BulkDeleteBody([]DeleteDoc{{"logs-1", "a"}, {"logs-2", "b/c"}}))
	if q.String() != want || q.Describe(t.Context()) != want || q.Lines() != 2 || q.Refused() != "" {
		t.Fatalf("request %q (%d lines, refused %q), want %q", q, q.Lines(), q.Refused(), want)
	}
	if _, ok := q.(sources.PurgeFollower); ok {
		t.Fatal("a bulk delete's answer is final: nothing to follow")
	}
	_, err = p.PlanPurge([]sources.PurgeLine{{LineID: "l9", Location: "no-slash"}}, sources.PurgeOptions{})
	if err == nil || !strings.Contains(err.Error(), "line l9") {
		t.Fatalf("err = %v, want the line named", err)
	}
}

// TestHostileDocumentID: a document's index and _id are log data. The line id is their hash,
// never either name (a secret in one would be kept in every sighting); the location keeps
// index/_id for the engine to redact. A purge deletes the exact document: by the recorded
// location when it still names it, else found again by its time and hash (deleting the
// redacted name would delete nothing and report the document gone), and without the time
// it refuses, saying why. Nothing it prints or records names the hostile document.
func TestHostileDocumentID(t *testing.T) {
	r := fakesecret.Fresh()
	doTok := "dop_v1_" + fakesecret.From(r, "0123456789abcdef", 64) // lower case: fits an index name
	ghTok := fakesecret.GitHub(r, "ghp_")
	index, id := "logs-"+doTok, "req-"+ghTok
	f := esfake.New(esfake.Options{})
	srv := httptest.NewServer(f)
	defer srv.Close()
	t0 := time.Now().UTC().Add(-time.Hour).Truncate(time.Millisecond)
	addDoc(t, f, index, id, t0, "charge failed")
	addDoc(t, f, "logs-b", "plain-1", t0.Add(time.Millisecond), "charge ok")
	s := newSource(t, srv.URL, func(c *Config) { c.Pushdown = PushdownNone })
	var c collector
	if err := s.Scan(t.Context(), sources.Request{Window: sources.Window{Start: t0, End: t0.Add(time.Minute)}}, c.emit); err != nil {
		t.Fatal(err)
	}
	if len(c.lines) != 2 {
		t.Fatalf("%d lines, want 2", len(c.lines))
	}
	var purge []sources.PurgeLine
	for _, l := range c.lines {
		// The names are scanned as the document's fields (the engine finds and redacts them).
		wantFields := []sources.Field{
			{Name: "_index", Value: index, Kind: sources.InDocName, Shared: true},
			{Name: "_id", Value: id, Kind: sources.InDocName},
		}
		if l.ID == DocLineID(index, id) && !slices.Equal(l.Fields, wantFields) {
			t.Errorf("fields %+v, want the document's names", l.Fields)
		}
		if strings.Contains(l.ID, doTok) || strings.Contains(l.ID, ghTok) || strings.Contains(l.ID, "/") {
			t.Errorf("line id %q holds the document's names", l.ID)
		}
		loc := l.Location
		if strings.Contains(loc, ghTok) {
			// As the engine keeps it: redacted (the detector masks both secrets).
			loc = strings.NewReplacer(doTok, "dop_v1_…"+doTok[len(doTok)-4:], ghTok, "ghp_…"+ghTok[len(ghTok)-4:]).Replace(loc)
		}
		purge = append(purge, sources.PurgeLine{LineID: l.ID, Location: loc, Time: l.Time})
	}
	again := collector{}
	if err := s.Scan(t.Context(), sources.Request{Window: sources.Window{Start: t0, End: t0.Add(time.Minute)}}, again.emit); err != nil {
		t.Fatal(err)
	}
	for i := range again.lines {
		if again.lines[i].ID != c.lines[i].ID {
			t.Errorf("read again, line %d has id %s, first %s: rescans would not be idempotent", i, again.lines[i].ID, c.lines[i].ID)
		}
	}
	noTime := append([]sources.PurgeLine(nil), purge...)
	for i := range noTime {
		noTime[i].Time = time.Time{}
	}
	plan, err := s.PlanPurge(noTime, sources.PurgeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Skipped) != 1 || plan.Skipped[0].LineID != DocLineID(index, id) || !strings.Contains(plan.Skipped[0].Why, "redacted") {
		t.Errorf("without the time, skipped %+v: want the hostile document's line, said redacted", plan.Skipped)
	}
	if len(plan.Requests) != 1 || plan.Requests[0].Lines() != 1 || !strings.Contains(plan.Requests[0].String(), `"_id":"plain-1"`) {
		t.Errorf("without the time, plan %+v: want one request deleting the plain document", plan)
	}

	plan, err = s.PlanPurge(purge, sources.PurgeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Skipped) != 0 || len(plan.Requests) != 2 {
		t.Fatalf("plan %+v: want the plain document's bulk delete and a search for the hostile one", plan)
	}
	var said []string
	for _, q := range plan.Requests {
		said = append(said, q.String(), q.Describe(t.Context()))
		sent, err := q.Send(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if sent.Deleted != 1 || sent.Failed != 0 {
			t.Errorf("request %q: %+v, want one document deleted", q, sent)
		}
		said = append(said, sent.Said, sent.Outcome)
	}
	for _, x := range said {
		if strings.Contains(x, ghTok[4:]) || strings.Contains(x, doTok[7:]) {
			t.Errorf("the purge names the hostile document: %q", x)
		}
	}
	left := collector{}
	if err := s.Scan(t.Context(), sources.Request{Window: sources.Window{Start: t0, End: t0.Add(time.Minute)}}, left.emit); err != nil {
		t.Fatal(err)
	}
	if len(left.lines) != 0 {
		t.Errorf("after the purge %d documents remain, want none", len(left.lines))
	}
	// Again: the document is gone, which is said, not reported deleted.
	plan, _ = s.PlanPurge(purge[:1], sources.PurgeOptions{})
	if purge[0].LineID != DocLineID(index, id) {
		plan, _ = s.PlanPurge(purge[1:], sources.PurgeOptions{})
	}
	if sent, err := plan.Requests[0].Send(t.Context()); err != nil || sent.Deleted != 0 || sent.Failed != 1 || !strings.Contains(sent.Said, "NOT deleted") {
		t.Errorf("purging a document already gone: %+v %v, want it said not found", sent, err)
	}
}

// TestPurgeFieldFindings: a finding in a document's _id is purged by deleting that document
// (found by time and hash: its recorded names are redacted); one in a label field or in the
// index name is not, since deleting one document leaves the value on every other document
// or on the index. The refusal says why and what to do, and names no value.
func TestPurgeFieldFindings(t *testing.T) {
	s, err := New(Config{Name: "es", URLs: []string{"http://127.0.0.1:1"}, Index: "logs-*"})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	loc := "logs-[dop_v1_…abcd]/req-[ghp_…wxyz]"
	tests := []struct {
		name     string
		line     sources.PurgeLine
		wantSkip string // "" when a request deletes the document
	}{
		{"_id", sources.PurgeLine{LineID: DocLineID("logs-x", "req-y"), Location: sources.FieldLocation(sources.InDocName, "_id", loc), Time: at}, ""},
		{"_index", sources.PurgeLine{LineID: "label:1", Location: sources.FieldLocation(sources.InDocName, "_index", loc), Time: at}, "index's name"},
		{"label field", sources.PurgeLine{LineID: "label:2", Location: sources.FieldLocation(sources.InLabel, "url", "logs-1/a"), Time: at}, "label field url"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			plan, err := s.PlanPurge([]sources.PurgeLine{tc.line}, sources.PurgeOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantSkip == "" {
				if len(plan.Skipped) != 0 || len(plan.Requests) != 1 || !strings.Contains(plan.Requests[0].String(), tc.line.LineID) {
					t.Fatalf("plan %+v, want one search for the document by its hash", plan)
				}
				return
			}
			if len(plan.Requests) != 0 || len(plan.Skipped) != 1 || !strings.Contains(plan.Skipped[0].Why, tc.wantSkip) {
				t.Fatalf("plan %+v, want the line skipped, saying %q", plan, tc.wantSkip)
			}
			if strings.Contains(plan.Skipped[0].Why, "logs-") {
				t.Errorf("refusal %q names the document", plan.Skipped[0].Why)
			}
		})
	}
}
