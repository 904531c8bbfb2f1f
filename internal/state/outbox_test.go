package state

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func due(t *testing.T, s *SQLite, now time.Time) []OutboxItem {
	t.Helper()
	items, err := s.DueAlerts(context.Background(), now, 0)
	if err != nil {
		t.Fatal(err)
	}
	return items
}

func TestOutboxLifecycle(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		s := open(t)
		opts := RecordOptions{Notifiers: []string{"slack"}, ReplyEvery: time.Minute, Now: t0}
		a := record(t, s, "loki", []Sighting{sight("loki", "l1", "a", t0)}, opts).Opened[0]
		opts.Now = t0.Add(time.Second)
		b := record(t, s, "loki", []Sighting{sight("loki", "l2", "b", t0)}, opts).Opened[0]
		opts.Now = t0.Add(2 * time.Minute)
		record(t, s, "loki", []Sighting{sight("loki", "l3", "a", t0.Add(2*time.Minute))}, opts) // a reply for a

		if n, _ := s.OutboxDepth(ctx); n != 3 {
			t.Fatalf("depth = %d, want 3", n)
		}
		// Oldest first; a's reply waits for a's first alert.
		items := due(t, s, opts.Now)
		if got := kinds(items); !slices.Equal(got, []string{"slack/new/1", "slack/new/2"}) {
			t.Fatalf("due = %v", got)
		}
		if items[0].IncidentID != a || items[1].IncidentID != b || items[0].ThreadRef != "" || items[0].Count != 2 || !items[0].FirstSeen.Equal(t0) {
			t.Fatalf("items = %+v", items)
		}
		// limit
		if items, _ := s.DueAlerts(ctx, opts.Now, 1); len(items) != 1 || items[0].IncidentID != a {
			t.Fatalf("limit 1: %v", kinds(items))
		}
		// Not yet due before it was created.
		if items := due(t, s, t0.Add(-time.Second)); len(items) != 0 {
			t.Fatalf("due before creation: %v", kinds(items))
		}

		// a's alert fails and is retried later: a's reply still waits, b goes.
		if err := s.AlertFailed(ctx, items[0].ID, "slack: 500 Internal Server Error", t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if got := kinds(due(t, s, opts.Now)); !slices.Equal(got, []string{"slack/new/2"}) {
			t.Fatalf("after failure: due = %v", got)
		}
		later := due(t, s, t0.Add(time.Hour))
		if got := kinds(later); !slices.Equal(got, []string{"slack/new/1", "slack/new/2"}) || later[0].Attempts != 1 || !later[0].NextTry.Equal(t0.Add(time.Hour)) {
			t.Fatalf("at retry time: due = %v %+v", got, later[0])
		}
		var lastErr string
		s.db.QueryRow(`SELECT last_error FROM outbox WHERE id = ?`, later[0].ID).Scan(&lastErr)
		if lastErr != "slack: 500 Internal Server Error" {
			t.Fatalf("last_error = %q", lastErr)
		}

		// a's alert is delivered: its ref becomes the thread, the reply is due with it.
		if err := s.AlertSent(ctx, later[0].ID, "1700000000.000100", t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		items = due(t, s, t0.Add(time.Hour))
		if got := kinds(items); !slices.Equal(got, []string{"slack/new/2", "slack/sighting/1"}) || items[1].ThreadRef != "1700000000.000100" {
			t.Fatalf("after sent: due = %v %+v", got, items)
		}
		// A reply's ref does not replace the thread.
		if err := s.AlertSent(ctx, items[1].ID, "1700000000.999999", t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		in, _ := s.Incident(ctx, a)
		if in.ThreadRefs["slack"] != "1700000000.000100" {
			t.Fatalf("thread refs = %v", in.ThreadRefs)
		}
		// Sent twice: a no-op, never returned again.
		if err := s.AlertSent(ctx, items[1].ID, "other", t0.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		// b gives up (a permanent failure).
		if err := s.AlertFailed(ctx, items[0].ID, "channel_not_found", time.Time{}); err != nil {
			t.Fatal(err)
		}
		if items := due(t, s, t0.Add(100*time.Hour)); len(items) != 0 {
			t.Fatalf("due after all done: %v", kinds(items))
		}
		if n, _ := s.OutboxDepth(ctx); n != 0 {
			t.Fatalf("depth = %d, want 0", n)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM outbox WHERE gave_up_ns IS NOT NULL`); n != 1 {
			t.Fatalf("given up = %d, want 1 kept", n)
		}
		// A sent item cannot fail afterwards.
		if err := s.AlertFailed(ctx, items[1].ID, "late", t0); !errors.Is(err, ErrNotFound) {
			t.Fatalf("fail after sent: %v", err)
		}
	})
}

func TestOutboxUnknownItem(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		s := open(t)
		if err := s.AlertSent(ctx, 42, "ref", t0); !errors.Is(err, ErrNotFound) {
			t.Fatalf("AlertSent unknown: %v", err)
		}
		if err := s.AlertFailed(ctx, 42, "x", t0); !errors.Is(err, ErrNotFound) {
			t.Fatalf("AlertFailed unknown: %v", err)
		}
	})
}

func TestOutboxErrorTruncated(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		s := open(t)
		record(t, s, "loki", []Sighting{sight("loki", "l1", "a", t0)}, two)
		id := due(t, s, t0)[0].ID
		long := strings.Repeat("é", 400) // 800 bytes; a cut at 500 would split a rune
		if err := s.AlertFailed(context.Background(), id, long, t0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		var got string
		s.db.QueryRow(`SELECT last_error FROM outbox WHERE id = ?`, id).Scan(&got)
		if len(got) != 500 || !utf8.ValidString(got) {
			t.Fatalf("stored %d bytes, valid utf8 %v", len(got), utf8.ValidString(got))
		}
	})
}

func TestOutboxReopenedThread(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		s := open(t)
		opts := RecordOptions{Notifiers: []string{"slack", "webhook"}, Now: t0}
		id := record(t, s, "loki", []Sighting{sight("loki", "l1", "a", t0)}, opts).Opened[0]
		items := due(t, s, t0)
		// Slack delivers the first alert with a ref; the webhook gives up.
		if err := s.AlertSent(ctx, items[0].ID, "thread-1", t0); err != nil {
			t.Fatal(err)
		}
		if err := s.AlertFailed(ctx, items[1].ID, "410 Gone", time.Time{}); err != nil {
			t.Fatal(err)
		}
		if err := s.Resolve(ctx, id, "bob", t0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		opts.Now = t0.Add(time.Hour)
		record(t, s, "loki", []Sighting{sight("loki", "l2", "a", opts.Now)}, opts)
		items = due(t, s, opts.Now)
		if got := kinds(items); !slices.Equal(got, []string{"slack/reopened/1", "webhook/reopened/1"}) {
			t.Fatalf("due = %v", got)
		}
		if items[0].ThreadRef != "thread-1" || items[1].ThreadRef != "" {
			t.Fatalf("thread refs = %q %q", items[0].ThreadRef, items[1].ThreadRef)
		}
		s.AlertSent(ctx, items[0].ID, "thread-2", opts.Now) // keeps the existing thread
		s.AlertSent(ctx, items[1].ID, "hook-1", opts.Now)   // opens the webhook's thread
		in, _ := s.Incident(ctx, id)
		if in.ThreadRefs["slack"] != "thread-1" || in.ThreadRefs["webhook"] != "hook-1" {
			t.Fatalf("thread refs = %v", in.ThreadRefs)
		}
	})
}

func TestIncidentsListResolve(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		s := open(t)
		page := []Sighting{sight("loki", "l1", "a", t0), sight("loki", "l2", "b", t0.Add(time.Minute)), sight("loki", "l3", "c", t0.Add(2*time.Minute))}
		page[2].Severity = "critical"
		ids := record(t, s, "loki", page, two).Opened
		if err := s.Resolve(ctx, ids[1], "carol", t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		err := s.Resolve(ctx, ids[1], "carol", t0.Add(time.Hour))
		if !errors.Is(err, ErrAlreadyResolved) {
			t.Fatalf("resolve twice: %v", err)
		}
		if err := s.Resolve(ctx, 999, "carol", t0); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "999") {
			t.Fatalf("resolve unknown: %v", err)
		}
		if _, err := s.Incident(ctx, 999); !errors.Is(err, ErrNotFound) {
			t.Fatalf("incident unknown: %v", err)
		}
		tests := []struct {
			status Status
			want   []int64
		}{
			{"", []int64{ids[2], ids[1], ids[0]}}, // most recently seen first
			{"open", []int64{ids[2], ids[0]}},
			{"resolved", []int64{ids[1]}},
		}
		for _, tc := range tests {
			list, err := s.Incidents(ctx, tc.status)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, in := range list {
				got = append(got, in.ID)
				if len(in.Locations) != 1 || len(in.Sources) != 1 {
					t.Fatalf("incident %d details not loaded: %+v", in.ID, in)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("Incidents(%q) = %v, want %v", tc.status, got, tc.want)
			}
		}
		if _, err := s.Incidents(ctx, "closed"); err == nil {
			t.Fatal("unknown status accepted")
		}
		in, _ := s.Incident(ctx, ids[1])
		if in.Status != "resolved" || in.ResolvedBy != "carol" || !in.ResolvedAt.Equal(t0.Add(time.Hour)) {
			t.Fatalf("resolved incident = %+v", in)
		}
		sev, err := s.OpenBySeverity(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(sev) != 2 || sev["high"] != 1 || sev["critical"] != 1 {
			t.Fatalf("open by severity = %v", sev)
		}
	})
}

// TestOutboxInFlight: an attempt marked sending and never finished (the process died) is
// reported by DueAlerts after a reopen; recording the outcome clears it.
func TestOutboxInFlight(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		s := open(t)
		first := s
		opts := RecordOptions{Notifiers: []string{"slack"}, Now: t0}
		record(t, s, "loki", []Sighting{sight("loki", "l1", "a", t0), sight("loki", "l2", "b", t0), sight("loki", "l3", "c", t0)}, opts)
		items := due(t, s, t0)
		if len(items) != 3 || !items[0].InFlight.IsZero() {
			t.Fatalf("fresh items: %+v", items)
		}
		ids := []int64{items[0].ID, items[1].ID, items[2].ID}
		started := t0.Add(time.Second)
		for _, id := range ids {
			if err := s.AlertSending(ctx, id, started); err != nil {
				t.Fatal(err)
			}
		}
		// A crash: the store is reopened and the attempts are still marked.
		s.Close()
		s = reopen(t, first)
		for _, it := range due(t, s, t0.Add(time.Minute)) {
			if !it.InFlight.Equal(started) {
				t.Fatalf("after reopen, item %d InFlight = %v, want %v", it.ID, it.InFlight, started)
			}
		}
		// A later attempt replaces the earlier time.
		if err := s.AlertSending(ctx, ids[0], started.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if got := due(t, s, t0.Add(time.Hour))[0].InFlight; !got.Equal(started.Add(time.Minute)) {
			t.Fatalf("second attempt InFlight = %v", got)
		}

		// Each outcome clears it: retry later, give up, sent.
		must(t, s.AlertFailed(ctx, ids[0], "slack: 500", t0.Add(time.Hour)))
		must(t, s.AlertFailed(ctx, ids[1], "channel_not_found", time.Time{}))
		must(t, s.AlertSent(ctx, ids[2], "1700000000.000100", t0.Add(time.Hour)))
		if n := count(t, s, `SELECT COUNT(*) FROM outbox WHERE inflight_ns IS NOT NULL`); n != 0 {
			t.Fatalf("%d items still in flight after their outcome was recorded", n)
		}
		left := due(t, s, t0.Add(time.Hour))
		if len(left) != 1 || left[0].ID != ids[0] || !left[0].InFlight.IsZero() {
			t.Fatalf("due after outcomes: %+v", left)
		}

		// Nothing may be sent for an unknown, sent or given-up item.
		for _, id := range []int64{ids[1], ids[2], 999} {
			if err := s.AlertSending(ctx, id, t0); !errors.Is(err, ErrNotFound) {
				t.Errorf("AlertSending(%d) = %v, want ErrNotFound", id, err)
			}
		}
	})
}

// TestMigrateOutboxFromVersion2: an item pending in a database written before the
// inflight column existed is due with no attempt in flight.
func TestMigrateOutboxFromVersion2(t *testing.T) {
	dir := t.TempDir()
	db, err := sql.Open("sqlite", dsn(filepath.Join(dir, DBFile)))
	must(t, err)
	ctx := context.Background()
	must(t, runMigrations(ctx, &sqlDB{DB: db}, migrations[:2]))
	_, err = db.Exec(`INSERT INTO incidents (id, rule_id, fingerprint, severity, description, preview, status,
		first_seen_ns, last_seen_ns, count, created_ns) VALUES (1, 'github-pat', ?, 'high', 'GitHub token', 'ghp_…a', 'open', 1, 1, 1, 1)`, fp("a"))
	must(t, err)
	_, err = db.Exec(`INSERT INTO outbox (notifier, kind, incident_id, source, line_id, rule_id, severity, description,
		fingerprint, preview, event_ns, location, link, next_try_ns, created_ns)
		VALUES ('slack', 'new', 1, 'loki', 'l1', 'github-pat', 'high', 'GitHub token', ?, 'ghp_…a', 1, 'loc', '', 1, 1)`, fp("a"))
	must(t, err)
	db.Close()
	s := openDir(t, dir)
	items := due(t, s, t0)
	if len(items) != 1 || !items[0].InFlight.IsZero() {
		t.Fatalf("migrated items: %+v", items)
	}
	must(t, s.AlertSending(ctx, items[0].ID, t0))
	if got := due(t, s, t0)[0].InFlight; !got.Equal(t0) {
		t.Fatalf("InFlight = %v", got)
	}
}

// TestOutboxItemIncidentHead: every item of an incident carries the incident's head as
// Incident reads it (its oldest location's source, location and link; its current
// severity), whichever sighting caused the item, so a receiver keyed by the incident posts
// the same labels for each.
func TestOutboxItemIncidentHead(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		s := open(t)
		opts := RecordOptions{Notifiers: []string{"am"}, ReplyEvery: time.Minute, Now: t0}
		first := sight("loki-a", "l1", "k", t0)
		res := record(t, s, "loki-a", []Sighting{first}, opts)
		id := res.Opened[0]
		// A later sighting elsewhere, verified live: the incident becomes critical and the
		// reply is about the other source.
		later := sight("es-b", "l2", "k", t0.Add(time.Hour))
		later.Severity, later.Verified, later.VerifyReason = "critical", "live", "200 from the issuer"
		opts.Now = t0.Add(time.Hour)
		record(t, s, "es-b", []Sighting{later}, opts)
		// A thread's reply waits for its opening alert: claim, send, claim again.
		var items []OutboxItem
		for range 2 {
			got, err := s.ClaimAlerts(ctx, "r1", t0.Add(2*time.Hour), time.Minute, 0)
			if err != nil || len(got) != 1 {
				t.Fatalf("claim: %v %v", kinds(got), err)
			}
			items = append(items, got[0])
			if err := s.AlertSent(ctx, got[0].ID, "", t0.Add(2*time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
		in, err := s.Incident(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if items[0].Kind != "new" || items[1].Kind != "sighting" || items[1].Sighting.Source != "es-b" {
			t.Fatalf("items %v", kinds(items))
		}
		want := IncidentHead{Severity: in.Severity, Description: in.Description, Preview: in.Preview,
			First: Location{Source: in.Locations[0].Source, Location: in.Locations[0].Location, Link: in.Locations[0].Link}}
		if want.Severity != "critical" || want.First.Source != "loki-a" {
			t.Fatalf("incident %+v: want critical, first seen in loki-a", in)
		}
		for _, it := range items {
			if it.Incident != want {
				t.Errorf("%s item: incident head %+v, want %+v", it.Kind, it.Incident, want)
			}
		}
		// With its locations gone (pruned), the head's source is the first of its sources.
		if _, err := s.db.ExecContext(ctx, `DELETE FROM incident_locations WHERE incident_id = ?`, id); err != nil {
			t.Fatal(err)
		}
		if err := s.ResolveNotify(ctx, id, "t", t0.Add(3*time.Hour), []string{"am"}); err != nil {
			t.Fatal(err)
		}
		got, err := s.ClaimAlerts(ctx, "r1", t0.Add(4*time.Hour), time.Minute, 0)
		if err != nil || len(got) != 1 || got[0].Kind != "resolved" {
			t.Fatalf("claim the resolution: %v %v", kinds(got), err)
		}
		if h := got[0].Incident; h.First != (Location{Source: "es-b"}) || h.Severity != "critical" {
			t.Errorf("without locations: head %+v, want only the first source (es-b, sorted)", h)
		}
	})
}
