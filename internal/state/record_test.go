package state

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/internal/fakesecret"
)

var two = RecordOptions{Notifiers: []string{"slack", "webhook"}, Now: t0}

func TestRecordPageOpensIncident(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		s := open(t)
		ctx := context.Background()
		res := record(t, s, "loki", []Sighting{sight("loki", "l1", "a", t0.Add(-time.Minute))}, two)
		if res.NewSightings != 1 || len(res.Opened) != 1 || len(res.Reopened) != 0 || res.Enqueued != 2 {
			t.Fatalf("result = %+v, want 1 new sighting, 1 opened, 2 enqueued", res)
		}
		in, err := s.Incident(ctx, res.Opened[0])
		if err != nil {
			t.Fatal(err)
		}
		if in.Status != "open" || in.Count != 1 || in.RuleID != "github-pat" || in.Fingerprint != fp("a") ||
			in.Preview != "ghp_…a" || in.Severity != "high" || !in.FirstSeen.Equal(t0.Add(-time.Minute)) ||
			!in.LastSeen.Equal(in.FirstSeen) || !slices.Equal(in.Sources, []string{"loki"}) || len(in.Locations) != 1 {
			t.Fatalf("incident = %+v", in)
		}
		due, err := s.DueAlerts(ctx, t0, 0)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"slack/new/1", "webhook/new/1"}
		if got := kinds(due); !slices.Equal(got, want) {
			t.Fatalf("due = %v, want %v", got, want)
		}
		if sg := due[0].Sighting; sg.LineID != "l1" || sg.Preview != "ghp_…a" || sg.Location != "loki:l1" || sg.Source != "loki" {
			t.Fatalf("outbox sighting = %+v", sg)
		}
	})
}

func TestRecordPageSameSecretTwiceInOnePage(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		s := open(t)
		page := []Sighting{
			sight("loki", "l1", "a", t0),
			sight("loki", "l2", "a", t0.Add(time.Second)),
			sight("loki", "l3", "a", t0.Add(2*time.Second)),
		}
		res := record(t, s, "loki", page, RecordOptions{Notifiers: []string{"slack"}, ReplyEvery: time.Hour, Now: t0})
		if res.NewByRule["github-pat"] != 3 {
			t.Fatalf("NewByRule = %v", res.NewByRule)
		}
		if res.NewSightings != 3 || len(res.Opened) != 1 || res.Enqueued != 1 {
			t.Fatalf("result = %+v, want 3 new sightings, one incident, one alert", res)
		}
		other := sight("loki", "l4", "z", t0)
		other.RuleID = "aws-access-key"
		res2 := record(t, s, "loki", append(page, other), RecordOptions{Notifiers: []string{"slack"}, ReplyEvery: time.Hour, Now: t0})
		if res2.NewSightings != 1 || len(res2.NewByRule) != 1 || res2.NewByRule["aws-access-key"] != 1 {
			t.Fatalf("rescan plus one: %+v, want only the new line counted, by rule", res2)
		}
		in, _ := s.Incident(context.Background(), res.Opened[0])
		if in.Count != 3 || !in.LastSeen.Equal(t0.Add(2*time.Second)) || len(in.Locations) != 3 {
			t.Fatalf("incident = %+v, want count 3", in)
		}
	})
}

func TestRecordPageIdempotentRescan(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		s := open(t)
		page := []Sighting{sight("loki", "l1", "a", t0), sight("loki", "l2", "b", t0)}
		opts := RecordOptions{Notifiers: []string{"slack"}, ReplyEvery: time.Minute, Now: t0}
		record(t, s, "loki", page, opts)
		for i := 0; i < 3; i++ { // overlap, restart, backfill: each reads the lines again
			opts.Now = opts.Now.Add(time.Hour)
			res := record(t, s, "loki", page, opts)
			if res.NewSightings != 0 || res.Enqueued != 0 || len(res.Opened)+len(res.Reopened) != 0 {
				t.Fatalf("rescan %d: result = %+v, want nothing new", i, res)
			}
		}
		if n := count(t, s, `SELECT SUM(count) FROM incidents`); n != 2 {
			t.Fatalf("total count = %d, want 2", n)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM outbox`); n != 1*2 {
			t.Fatalf("outbox rows = %d, want 2", n)
		}
		// The same line id in another source is another line.
		res := record(t, s, "files", []Sighting{sight("files", "l1", "a", t0)}, opts)
		if res.NewSightings != 1 {
			t.Fatalf("other source: result = %+v, want a new sighting", res)
		}
	})
}

func TestRecordPageReplyRateLimit(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		s := open(t)
		opts := RecordOptions{Notifiers: []string{"slack", "webhook"}, ReplyEvery: time.Hour, Now: t0}
		record(t, s, "loki", []Sighting{sight("loki", "l1", "a", t0)}, opts)
		steps := []struct {
			after    time.Duration // since t0
			enqueued int
		}{
			{10 * time.Minute, 0},    // too soon after the "new" alert
			{59 * time.Minute, 0},    // still too soon
			{61 * time.Minute, 2},    // one reply per notifier
			{61 * time.Minute, 0},    // the next page at once: the reply was just enqueued
			{90 * time.Minute, 0},    // within the hour of the reply
			{122 * time.Minute, 2},   // due again
			{300 * time.Minute, 2},   // and again
			{300*time.Minute + 1, 0}, // not twice
		}
		for i, st := range steps {
			opts.Now = t0.Add(st.after)
			res := record(t, s, "loki", []Sighting{sight("loki", "s"+string(rune('a'+i)), "a", opts.Now)}, opts)
			if res.NewSightings != 1 || res.Enqueued != st.enqueued {
				t.Fatalf("step %d (+%s): result = %+v, want %d enqueued", i, st.after, res, st.enqueued)
			}
		}
		if n := count(t, s, `SELECT COUNT(*) FROM outbox WHERE kind = 'sighting'`); n != 6 {
			t.Fatalf("sighting replies = %d, want 6", n)
		}
		// ReplyEvery 0 disables replies.
		opts.ReplyEvery, opts.Now = 0, t0.Add(1000*time.Hour)
		if res := record(t, s, "loki", []Sighting{sight("loki", "z", "a", opts.Now)}, opts); res.Enqueued != 0 {
			t.Fatalf("ReplyEvery 0: enqueued %d", res.Enqueued)
		}
		// A notifier added later gets its first reply at once.
		opts.ReplyEvery, opts.Notifiers = time.Hour, []string{"slack", "pager"}
		res := record(t, s, "loki", []Sighting{sight("loki", "y", "a", opts.Now)}, opts)
		if res.Enqueued != 2 {
			t.Fatalf("new notifier: enqueued %d, want 2 (slack due, pager first)", res.Enqueued)
		}
	})
}

func TestRecordPageReopens(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		s := open(t)
		opts := RecordOptions{Notifiers: []string{"slack"}, ReplyEvery: time.Hour, Now: t0}
		id := record(t, s, "loki", []Sighting{sight("loki", "l1", "a", t0)}, opts).Opened[0]
		resolvedAt := t0.Add(time.Hour)
		if err := s.Resolve(ctx, id, "alice", resolvedAt); err != nil {
			t.Fatal(err)
		}

		// A backfill finds an older line of the handled leak: counted, not reopened, no alert.
		opts.Now = t0.Add(2 * time.Hour)
		res := record(t, s, "loki", []Sighting{sight("loki", "old", "a", t0.Add(-24*time.Hour))}, opts)
		if res.NewSightings != 1 || len(res.Reopened) != 0 || res.Enqueued != 0 {
			t.Fatalf("older sighting: result = %+v, want counted only", res)
		}
		in, _ := s.Incident(ctx, id)
		if in.Status != "resolved" || in.Count != 2 || !in.FirstSeen.Equal(t0.Add(-24*time.Hour)) || in.ResolvedBy != "alice" {
			t.Fatalf("after older sighting: %+v", in)
		}

		// The secret shows up after the resolution: reopened, one alert per notifier.
		res = record(t, s, "loki", []Sighting{sight("loki", "new", "a", resolvedAt.Add(time.Minute)), sight("loki", "new2", "a", resolvedAt.Add(2*time.Minute))}, opts)
		if res.NewSightings != 2 || !slices.Equal(res.Reopened, []int64{id}) || len(res.Opened) != 0 || res.Enqueued != 1 {
			t.Fatalf("later sighting: result = %+v, want reopened with one alert", res)
		}
		in, _ = s.Incident(ctx, id)
		if in.Status != "open" || in.Count != 4 || !in.ResolvedAt.IsZero() || in.ResolvedBy != "" || !in.LastSeen.Equal(resolvedAt.Add(2*time.Minute)) {
			t.Fatalf("after reopen: %+v", in)
		}
		due, _ := s.DueAlerts(ctx, opts.Now, 0)
		if got := kinds(due); !slices.Equal(got, []string{"slack/new/1"}) {
			t.Fatalf("due = %v (the reopened alert waits for the thread's first)", got)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM outbox WHERE kind = 'reopened'`); n != 1 {
			t.Fatalf("reopened alerts = %d, want 1", n)
		}
	})
}

func TestRecordPageLocationsCap(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		s := open(t)
		var page []Sighting
		for i := 0; i < 15; i++ {
			page = append(page, sight("loki", string(rune('A'+i)), "a", t0.Add(time.Duration(i)*time.Minute)))
		}
		id := record(t, s, "loki", page, two).Opened[0]
		// An older sighting later does not take the latest slot.
		record(t, s, "files", []Sighting{sight("files", "older", "a", t0.Add(-time.Hour))}, two)
		in, _ := s.Incident(ctx, id)
		if len(in.Locations) != MaxLocations {
			t.Fatalf("locations = %d, want %d", len(in.Locations), MaxLocations)
		}
		var got []string
		for _, l := range in.Locations {
			got = append(got, l.Location)
		}
		want := []string{"loki:A", "loki:B", "loki:C", "loki:D", "loki:E", "loki:F", "loki:G", "loki:H", "loki:I", "loki:O"}
		if !slices.Equal(got, want) {
			t.Fatalf("locations = %v, want %v", got, want)
		}
		if in.Count != 16 || !slices.Equal(in.Sources, []string{"files", "loki"}) {
			t.Fatalf("count %d sources %v", in.Count, in.Sources)
		}
	})
}

func TestRecordPageCheckpoint(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		s := open(t)
		if cp, err := s.Checkpoint(ctx, "files"); err != nil || cp != nil {
			t.Fatalf("no checkpoint yet: %q, %v", cp, err)
		}
		if _, err := s.RecordPage(ctx, "files", nil, []byte("offset=10"), two); err != nil {
			t.Fatal(err)
		}
		// nil leaves the checkpoint alone.
		if _, err := s.RecordPage(ctx, "files", []Sighting{sight("files", "l", "a", t0)}, nil, two); err != nil {
			t.Fatal(err)
		}
		if cp, _ := s.Checkpoint(ctx, "files"); string(cp) != "offset=10" {
			t.Fatalf("checkpoint = %q", cp)
		}
		if _, err := s.RecordPage(ctx, "files", nil, []byte("offset=20"), two); err != nil {
			t.Fatal(err)
		}
		if cp, _ := s.Checkpoint(ctx, "files"); string(cp) != "offset=20" {
			t.Fatalf("checkpoint = %q", cp)
		}
		if _, ok, _ := s.Watermark(ctx, "files"); ok {
			t.Fatal("a checkpoint must not invent a watermark")
		}
	})
}

func TestRecordPageRejectsBadInput(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		s := open(t)
		secretLike := "ghp_" + strings.Repeat("Ab1", 12)
		tests := []struct {
			name string
			mod  func(*Sighting)
			want string
		}{
			{"empty rule", func(sg *Sighting) { sg.RuleID = "" }, "empty rule id"},
			{"empty fingerprint", func(sg *Sighting) { sg.Fingerprint = "" }, "empty fingerprint"},
			{"empty line id", func(sg *Sighting) { sg.LineID = "" }, "empty line id"},
			{"secret as fingerprint", func(sg *Sighting) { sg.Fingerprint = secretLike }, "not a hex HMAC"},
			{"upper-case hex", func(sg *Sighting) { sg.Fingerprint = strings.ToUpper(fp("x")) }, "not a hex HMAC"},
			{"short fingerprint", func(sg *Sighting) { sg.Fingerprint = "abc123" }, "not a hex HMAC"},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				bad := sight("loki", "l2", "b", t0)
				tc.mod(&bad)
				// The valid first sighting is not recorded either: the page is one transaction.
				_, err := s.RecordPage(ctx, "loki", []Sighting{sight("loki", "l1", "a", t0), bad}, []byte("cp"), two)
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("err = %v, want %q", err, tc.want)
				}
				if strings.Contains(err.Error(), secretLike) {
					t.Fatal("error quotes the value")
				}
			})
		}
		if _, err := s.RecordPage(ctx, "", nil, nil, two); err == nil {
			t.Fatal("empty source accepted")
		}
		if n := count(t, s, `SELECT COUNT(*) FROM sightings`) + count(t, s, `SELECT COUNT(*) FROM incidents`); n != 0 {
			t.Fatalf("rejected pages left %d rows", n)
		}
	})
}

// TestRecordPageAtomic fails a page in the middle (a trigger aborts the second incident)
// and checks nothing of it remains: no incident, sighting, alert or checkpoint.
func TestRecordPageAtomic(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		s := open(t)
		trigger := `CREATE TRIGGER boom BEFORE INSERT ON incidents WHEN NEW.fingerprint = '` + fp("boom") +
			`' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`
		if s.Driver() == "postgres" {
			trigger = `CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
			IF NEW.fingerprint = '` + fp("boom") + `' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$;
			CREATE TRIGGER boom BEFORE INSERT ON incidents FOR EACH ROW EXECUTE FUNCTION boom()`
		}
		if _, err := s.db.Exec(trigger); err != nil {
			t.Fatal(err)
		}
		_, err := s.RecordPage(ctx, "loki", []Sighting{sight("loki", "l1", "a", t0), sight("loki", "l2", "boom", t0)}, []byte("cp"), two)
		if err == nil || !strings.Contains(err.Error(), "injected failure") {
			t.Fatalf("err = %v", err)
		}
		for _, table := range []string{"incidents", "sightings", "outbox", "incident_locations", "thread_refs", "sources"} {
			if n := count(t, s, `SELECT COUNT(*) FROM `+table); n != 0 {
				t.Errorf("%s has %d rows after a failed page", table, n)
			}
		}
		// The retry of the page (without the failure) records it whole.
		drop := `DROP TRIGGER boom`
		if s.Driver() == "postgres" {
			drop = `DROP TRIGGER boom ON incidents`
		}
		if _, err := s.db.Exec(drop); err != nil {
			t.Fatal(err)
		}
		res, err := s.RecordPage(ctx, "loki", []Sighting{sight("loki", "l1", "a", t0), sight("loki", "l2", "boom", t0)}, []byte("cp"), two)
		if err != nil || len(res.Opened) != 2 || res.Enqueued != 4 {
			t.Fatalf("retry: %+v, %v", res, err)
		}
	})
}

func TestRecordPageContextCanceled(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		s := open(t)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := s.RecordPage(ctx, "loki", []Sighting{sight("loki", "l1", "a", t0)}, nil, two)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	})
}

// TestNoSecretStored records the sightings a detector would make of a freshly generated
// token and greps the database and its WAL: the redacted preview and the fingerprint are
// there (the grep works), the token is not.
func TestNoSecretStored(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open opener) {
		s := open(t)
		token := fakesecret.GitHub(fakesecret.Fresh(), "ghp_")
		key := []byte("0123456789abcdef0123456789abcdef")
		sg := Sighting{
			Source: "loki", LineID: "line-1", RuleID: "github-pat", Severity: "high",
			Description: "GitHub personal access token", Fingerprint: hmacHex(key, token),
			Preview: "ghp_…" + token[len(token)-4:], EventTime: t0, Location: `{app="api"}`, Link: "https://grafana.example/x",
		}
		if _, err := s.RecordPage(context.Background(), "loki", []Sighting{sg}, nil, two); err != nil {
			t.Fatal(err)
		}
		all := storedBytes(t, s)
		if !bytes.Contains(all, []byte(sg.Preview)) || !bytes.Contains(all, []byte(sg.Fingerprint)) {
			t.Fatal("preview or fingerprint not found in the database: the grep below proves nothing")
		}
		if bytes.Contains(all, []byte(token)) || bytes.Contains(all, []byte(token[4:])) {
			t.Fatal("the secret is in the database")
		}
		// A caller passing the secret instead of its fingerprint is refused.
		bad := sg
		bad.LineID, bad.Fingerprint = "line-2", token
		if _, err := s.RecordPage(context.Background(), "loki", []Sighting{bad}, nil, two); err == nil {
			t.Fatal("a secret passed as fingerprint was accepted")
		}
	})
}

// storedBytes is everything the store holds: SQLite's files (with the WAL), or every row of
// every PostgreSQL table as text.
func storedBytes(t *testing.T, s *DB) []byte {
	t.Helper()
	var all []byte
	if s.Path() != "" {
		for _, name := range []string{DBFile, DBFile + "-wal"} {
			b, err := readFileIfExists(filepath.Dir(s.Path()), name)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, b...)
		}
		return all
	}
	rows, err := s.db.Query(`SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`)
	must(t, err)
	var tables []string
	for rows.Next() {
		var name string
		must(t, rows.Scan(&name))
		tables = append(tables, name)
	}
	rows.Close()
	if len(tables) < 10 {
		t.Fatalf("only %d tables found: %v", len(tables), tables)
	}
	for _, tb := range tables {
		rows, err := s.db.Query(`SELECT CAST(r AS TEXT) FROM ` + tb + ` r`)
		must(t, err)
		for rows.Next() {
			var row string
			must(t, rows.Scan(&row))
			all = append(all, row...)
		}
		must(t, rows.Err())
		rows.Close()
	}
	return all
}
