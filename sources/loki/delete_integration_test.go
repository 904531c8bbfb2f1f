package loki_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/grafana/loki/pkg/push"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/queries"
	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/loki"
	"github.com/leakwatch/leakwatch/sources/loki/lokifake"
)

// TestIntegrationRealLokiDelete deletes one leaked line, and only that line, from the Loki
// at LEAKWATCH_TEST_LOKI_URL. That Loki must have deletion enabled (compactor
// retention_enabled: true, delete_request_store, limits_config.deletion_mode:
// filter-and-delete; see docs/operations.md). It pushes, in one stream and one millisecond,
// the leaked line and a clean neighbour, and the leaked line again in another stream; then
// deletes the first, waits for Loki to process the request and for queries to stop
// returning the line (minutes: the queriers cache delete requests for 5 minutes), and
// checks that the neighbour and the other stream's copy are still there. The delete
// request listed by Loki must not contain the secret. Run it with -timeout 15m.
func TestIntegrationRealLokiDelete(t *testing.T) {
	base, tenant := lokifake.RealLoki(t)
	ctx := context.Background()
	run := fmt.Sprintf("%d", time.Now().UnixNano())
	secret := fakesecret.GitHub(fakesecret.Fresh(), "ghp_")
	at := time.Now().Add(-30 * time.Second).Truncate(time.Millisecond).Add(250 * time.Microsecond)
	leaked := "level=warn msg=\"clone\" url=https://x:" + secret + "@github.com/acme/app"
	streams := []push.Stream{
		{Labels: fmt.Sprintf(`{job="leakwatch-it-delete", run="%s", copy="a"}`, run), Entries: []push.Entry{
			{Timestamp: at, Line: leaked}, {Timestamp: at.Add(time.Microsecond), Line: "level=info msg=\"neighbour\""}}},
		{Labels: fmt.Sprintf(`{job="leakwatch-it-delete", run="%s", copy="b"}`, run), Entries: []push.Entry{{Timestamp: at, Line: leaked}}},
	}
	if err := lokifake.PushTo(ctx, base, tenant, streams); err != nil {
		t.Fatal(err)
	}
	src, err := loki.New(loki.Config{Name: "it", URL: base, Tenant: tenant, Selectors: []string{fmt.Sprintf(`{run="%s"}`, run)}})
	if err != nil {
		t.Fatal(err)
	}
	det, err := detector.New(queries.Catalog(), detector.Options{Key: []byte("integration-test")})
	if err != nil {
		t.Fatal(err)
	}
	type seen struct{ id, loc, text, preview string }
	read := func() []seen {
		var out []seen
		w := sources.Window{Start: at.Add(-time.Second), End: at.Add(time.Second)}
		if err := src.Scan(ctx, sources.Request{Window: w}, func(_ context.Context, p sources.Page) error {
			for _, l := range p.Lines {
				s := seen{id: l.ID, loc: l.Location, text: string(l.Text)}
				det.Scan(l.Text, 0, func(f detector.Finding) { s.preview = f.Preview })
				out = append(out, s)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	// Ingestion is asynchronous: wait until the three lines are queryable.
	var lines []seen
	for i := 0; len(lines) < 3; i++ {
		if i > 0 {
			time.Sleep(500 * time.Millisecond) // poll interval
		}
		if i == 120 {
			t.Fatalf("pushed lines not queryable: %+v", lines)
		}
		lines = read()
	}
	var target loki.DeleteTarget
	for _, l := range lines {
		if strings.Contains(l.loc, `copy="a"`) && l.preview != "" {
			target = loki.DeleteTarget{LineID: l.id, Location: l.loc, Preview: l.preview}
		}
	}
	if target.LineID == "" {
		t.Fatalf("leaked line of stream a not found: %+v", lines)
	}
	reqs, err := src.PlanDelete([]loki.DeleteTarget{target}, loki.DeleteOptions{})
	if err != nil || len(reqs) != 1 {
		t.Fatalf("plan: %v %v", reqs, err)
	}
	t.Logf("request: %s", reqs[0])
	id, err := src.Delete(ctx, reqs[0])
	if err != nil {
		t.Fatal(err)
	}
	if id == "" {
		t.Fatal("no X-Delete-Request-Id")
	}
	// Wait for "processed", then for the line to stop coming back.
	for i := 0; ; i++ {
		list, err := src.DeleteStatuses(ctx, reqs[0].Tenant)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range list {
			if d.RequestID == id && strings.Contains(d.Query, secret[4:]) {
				t.Fatalf("Loki lists a delete query holding the secret: %s", d.Query)
			}
		}
		if loki.Processed(list, id) {
			t.Logf("processed after %d polls", i)
			break
		}
		time.Sleep(5 * time.Second) // poll interval: Loki takes about a minute
	}
	for i := 0; ; i++ {
		left, err := src.StillThere(ctx, reqs[0])
		if err != nil {
			t.Fatal(err)
		}
		if len(left) == 0 {
			t.Logf("gone after %d checks", i)
			break
		}
		time.Sleep(10 * time.Second) // poll interval: queriers cache delete requests for 5m
	}
	after := read()
	if len(after) != 2 {
		t.Fatalf("after the delete %d lines remain, want the neighbour and the other stream's copy: %+v", len(after), after)
	}
	for _, l := range after {
		if l.id == target.LineID {
			t.Fatalf("the deleted line still comes back: %+v", l)
		}
	}
}
