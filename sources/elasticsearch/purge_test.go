package elasticsearch

import (
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/sources"
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
