package loki

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/sources"
)

// TestPurger: the purge capability plans PlanDelete's requests (a line recorded without a
// location is skipped, with why), and Send tells a refusal of deletes (which stops the
// purge) from any other failure (which does not).
func TestPurger(t *testing.T) {
	var status int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if status != 0 {
			http.Error(w, "no", status)
			return
		}
		w.Header().Set("X-Delete-Request-Id", "req-1")
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	s, err := New(Config{Name: "l", URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	p, ok := sources.As[sources.Purger](sources.Source(s))
	if !ok || p.Purging() != (sources.Purging{Kind: "loki", Followed: true}) {
		t.Fatalf("purging = %+v (%v), want loki, followed", p, ok)
	}
	lines := []sources.PurgeLine{
		{LineID: "old", Preview: "ghp_…wxyz"},
		{LineID: "a", Location: `{app="api"} @ 2026-11-30T10:00:00.123456789Z`, Preview: "ghp_…wxyz"},
		{LineID: "b", Location: `{app="api"} @ 2026-11-30T10:00:01Z`, Preview: "[redacted]"},
	}
	plan, err := p.PlanPurge(lines, sources.PurgeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Skipped) != 1 || plan.Skipped[0].LineID != "old" || !strings.Contains(plan.Skipped[0].Why, "before leakwatch kept line locations") {
		t.Fatalf("skipped = %+v", plan.Skipped)
	}
	want, err := s.PlanDelete([]DeleteTarget{{LineID: "a", Location: lines[1].Location, Preview: lines[1].Preview},
		{LineID: "b", Location: lines[2].Location, Preview: lines[2].Preview}}, DeleteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Requests) != len(want) {
		t.Fatalf("planned %d requests, want %d", len(plan.Requests), len(want))
	}
	var send, refused sources.PurgeRequest
	for i, q := range plan.Requests {
		if q.String() != want[i].String() || q.Refused() != want[i].Refused || q.Lines() != len(want[i].Lines) {
			t.Fatalf("request %d = %s (refused %q), want %s (refused %q)", i, q, q.Refused(), want[i], want[i].Refused)
		}
		if q.Refused() != "" {
			refused = q
		} else {
			send = q
		}
	}
	if send == nil || refused == nil || refused.Where() != "at 2026-11-30T10:00:01Z" {
		t.Fatalf("want one request to send and one refused at its line's time: %v / %v", send, refused)
	}

	ctx := context.Background()
	sent, err := send.Send(ctx)
	if err != nil || sent.ID != "req-1" || !strings.Contains(sent.Said, "accepted: delete request id req-1") {
		t.Fatalf("sent = %+v, %v", sent, err)
	}
	for _, tc := range []struct {
		status        int
		word          string
		refused, stop bool
	}{
		{http.StatusNotFound, "REFUSED", true, true},
		{http.StatusForbidden, "REFUSED", true, true},
		{http.StatusInternalServerError, "FAILED", false, false},
	} {
		status = tc.status
		sent, err := send.Send(ctx)
		var pe *sources.PurgeError
		if !errors.As(err, &pe) || pe.Refused != tc.refused || pe.Stop != tc.stop {
			t.Fatalf("%d: err = %#v, want refused %v, stop %v", tc.status, err, tc.refused, tc.stop)
		}
		if !strings.HasPrefix(sent.Said, send.String()+"\n  "+tc.word+": ") {
			t.Fatalf("%d: said %q", tc.status, sent.Said)
		}
	}
}
