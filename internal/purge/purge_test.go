package purge

import (
	"bytes"
	"context"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/backoff"
	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/internal/state"
	"github.com/leakwatch/leakwatch/queries"
	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/elasticsearch"
	"github.com/leakwatch/leakwatch/sources/elasticsearch/esfake"
	"github.com/leakwatch/leakwatch/sources/loki"
	"github.com/leakwatch/leakwatch/sources/loki/lokifake"
)

var t0 = time.Date(2026, 11, 30, 10, 0, 0, 123456789, time.UTC)

// env is a state with one incident sighted in Loki, and a Loki fake holding the leaked
// line, a neighbour in the same stream and millisecond without the secret, and the same
// line in another stream.
type env struct {
	st     *state.SQLite
	fake   *lokifake.Fake
	src    *loki.Source
	id     int64
	secret string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{fake: lokifake.New(lokifake.Options{Now: func() time.Time { return t0.Add(time.Hour) }})}
	e.secret = fakesecret.GitHub(fakesecret.Fresh(), "ghp_")
	leaked := "git clone https://x:" + e.secret + "@github.com/acme/app"
	must(t, e.fake.Push("fake", map[string]string{"app": "api", "env": "prod"},
		lokifake.Entry{Time: t0, Line: leaked}, lokifake.Entry{Time: t0.Add(time.Microsecond), Line: "GET /healthz 200"}))
	must(t, e.fake.Push("fake", map[string]string{"app": "worker"}, lokifake.Entry{Time: t0, Line: "unrelated " + leaked[:10]}))
	srv := httptest.NewServer(e.fake)
	t.Cleanup(srv.Close)
	var err error
	e.src, err = loki.New(loki.Config{Name: "loki-prod", URL: srv.URL, Selectors: []string{`{app=~".+"}`}})
	must(t, err)
	e.st, err = state.OpenSQLite(ctx, t.TempDir())
	must(t, err)
	t.Cleanup(func() { e.st.Close() })

	// Scan as the daemon does, so the recorded line id and location are the real ones.
	det, err := detector.New(queries.Catalog(), detector.Options{Key: []byte("k-0123456789abcdef0123456789abcd")})
	must(t, err)
	var sightings []state.Sighting
	must(t, e.src.Scan(ctx, sources.Request{Window: sources.Window{Start: t0.Add(-time.Minute), End: t0.Add(time.Minute)}},
		func(_ context.Context, p sources.Page) error {
			for _, l := range p.Lines {
				det.Scan(l.Text, 0, func(f detector.Finding) {
					sightings = append(sightings, state.Sighting{Source: "loki-prod", LineID: l.ID, RuleID: f.RuleID, Severity: string(f.Severity),
						Description: f.Description, Fingerprint: f.Fingerprint, Preview: f.Preview, EventTime: l.Time, Location: l.Location})
				})
			}
			return nil
		}))
	if len(sightings) != 1 {
		t.Fatalf("sightings = %d, want 1", len(sightings))
	}
	res, err := e.st.RecordPage(ctx, "loki-prod", sightings, nil, state.RecordOptions{})
	must(t, err)
	e.id = res.Opened[0]
	return e
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func (e *env) lines(t *testing.T) []string {
	t.Helper()
	var out []string
	err := e.src.Scan(context.Background(), sources.Request{Window: sources.Window{Start: t0.Add(-time.Minute), End: t0.Add(time.Minute)}},
		func(_ context.Context, p sources.Page) error {
			for _, l := range p.Lines {
				out = append(out, l.Location+" "+string(l.Text))
			}
			return nil
		})
	must(t, err)
	return out
}

func TestLokiPurge(t *testing.T) {
	cases := []struct {
		name        string
		setup       func(*lokifake.Fake)
		hold        bool // processed, yet the line keeps coming back until released
		wantStatus  state.PurgeStatus
		wantErr     string
		wantLines   int // lines left in the fake
		wantPrinted []string
	}{
		{name: "retention off: 404", setup: func(f *lokifake.Fake) {}, wantStatus: state.PurgeRefused,
			wantErr: "retention_enabled", wantLines: 3, wantPrinted: []string{"REFUSED"}},
		{name: "deletion_mode disabled: 403", setup: func(f *lokifake.Fake) { f.EnableDeletion(lokifake.DeletionDisabled) },
			wantStatus: state.PurgeRefused, wantErr: "deletion_mode", wantLines: 3},
		{name: "deleted and confirmed", setup: func(f *lokifake.Fake) { f.EnableDeletion(lokifake.DeletionFilterAndDelete) },
			wantStatus: state.PurgeDeleted, wantLines: 2, wantPrinted: []string{"delete request id", "confirmed: the line no longer comes back"}},
		{name: "processed but still returned", setup: func(f *lokifake.Fake) { f.EnableDeletion(lokifake.DeletionFilterAndDelete) },
			hold: true, wantStatus: state.PurgeStillPresent, wantLines: 3, wantPrinted: []string{"STILL comes back", "--check"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			tc.setup(e.fake)
			e.fake.HoldDeletedLines(tc.hold)
			var out bytes.Buffer
			now := t0
			polls := 0
			o := Options{Store: e.st, Sources: map[string]Source{"loki-prod": {Type: "loki", Purger: e.src}}, Out: &out,
				Wait: time.Minute, Poll: 10 * time.Second, Now: func() time.Time { return now },
				// Each pause is the compactor's next pass.
				Sleep: func(context.Context, time.Duration) error {
					polls++
					now = now.Add(10 * time.Second)
					e.fake.ProcessDeletes()
					return nil
				}}
			sum, err := Run(context.Background(), o, e.id)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if sum[tc.wantStatus] != 1 || len(sum) != 1 {
				t.Fatalf("summary = %v, want one %s", sum, tc.wantStatus)
			}
			if got := len(e.lines(t)); got != tc.wantLines {
				t.Fatalf("lines left = %d, want %d: %v", got, tc.wantLines, e.lines(t))
			}
			in, err := e.st.Incident(context.Background(), e.id)
			must(t, err)
			if len(in.Purges) != 1 || in.Purges[0].Status != tc.wantStatus || in.Purges[0].Kind != "loki" {
				t.Fatalf("recorded purges = %+v", in.Purges)
			}
			for _, w := range tc.wantPrinted {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
			// Nothing sent to Loki or printed or recorded holds the secret.
			for _, d := range e.fake.DeleteRequests() {
				if strings.Contains(d.Query, e.secret) || strings.Contains(d.Query, e.secret[4:20]) {
					t.Fatalf("delete query holds the secret: %s", d.Query)
				}
			}
			for _, r := range e.fake.Requests() {
				if strings.Contains(r.Form.Encode(), url.QueryEscape(e.secret)) || strings.Contains(r.Form.Encode(), e.secret) {
					t.Fatal("a request to Loki holds the secret")
				}
			}
			if strings.Contains(out.String(), e.secret) || strings.Contains(in.Purges[0].Request+in.Purges[0].Outcome, e.secret) {
				t.Fatal("output or record holds the secret")
			}
			if tc.hold {
				// Later the queriers' cache refreshes: --check confirms without a new request.
				e.fake.ReleaseDeletedLines()
				out.Reset()
				o.Check = true
				before := len(e.fake.DeleteRequests())
				sum, err := Run(context.Background(), o, e.id)
				must(t, err)
				if sum[state.PurgeDeleted] != 1 || len(e.fake.DeleteRequests()) != before {
					t.Fatalf("check: summary %v, delete requests %d -> %d", sum, before, len(e.fake.DeleteRequests()))
				}
				in, _ := e.st.Incident(context.Background(), e.id)
				if in.Purges[0].Status != state.PurgeDeleted {
					t.Fatalf("after check: %+v", in.Purges)
				}
			}
		})
	}
}

// The delete request covers only the line's stream and millisecond, and filters on the
// preview's public parts.
func TestLokiDeleteRequestShape(t *testing.T) {
	e := newEnv(t)
	var out bytes.Buffer
	sum, err := Run(context.Background(), Options{Store: e.st, Sources: map[string]Source{"loki-prod": {Type: "loki", Purger: e.src}},
		Out: &out, DryRun: true}, e.id)
	must(t, err)
	if len(sum) != 0 || len(e.fake.DeleteRequests()) != 0 {
		t.Fatalf("dry run sent or counted something: %v", sum)
	}
	in, _ := e.st.Incident(context.Background(), e.id)
	if len(in.Purges) != 0 {
		t.Fatalf("dry run recorded %+v", in.Purges)
	}
	tail := in.Preview[strings.LastIndex(in.Preview, "…")+len("…"):]
	want := "POST /loki/api/v1/delete?" + url.Values{
		"query": {`{app="api", env="prod"} |= ` + "`ghp_`" + ` |= ` + "`" + tail + "`"},
		"start": {"2026-11-30T10:00:00.123Z"}, "end": {"2026-11-30T10:00:00.124Z"},
	}.Encode()
	if !strings.Contains(out.String(), want) {
		t.Fatalf("dry run printed:\n%s\nwant the line:\n%s", out.String(), want)
	}
}

func TestElasticsearchAndFilePurge(t *testing.T) {
	ctx := context.Background()
	fake := esfake.New(esfake.Options{})
	for _, id := range []string{"a1", "a2", "keep"} {
		must(t, fake.Add("logs-1", id, map[string]any{"@timestamp": "2026-11-30T10:00:00Z", "message": "m " + id, "event": map[string]any{"id": id}}))
	}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	es, err := elasticsearch.New(elasticsearch.Config{Name: "es", URLs: []string{srv.URL}, Index: "logs-*", TiebreakerField: "event.id", Retry: backoff.Policy{Base: time.Millisecond}})
	must(t, err)
	st, err := state.OpenSQLite(ctx, t.TempDir())
	must(t, err)
	defer st.Close()
	fp := strings.Repeat("ab", 32)
	sg := func(src, line, loc string) state.Sighting {
		return state.Sighting{Source: src, LineID: line, RuleID: "github-pat", Severity: "high", Fingerprint: fp, Preview: "ghp_…wxyz", EventTime: t0, Location: loc}
	}
	res, err := st.RecordPage(ctx, "es", []state.Sighting{sg("es", "logs-1/a1", "logs-1/a1"), sg("es", "logs-1/a2", "logs-1/a2"),
		sg("es", "logs-1/gone", "logs-1/gone"), sg("es", "missing/x", "missing/x")}, nil, state.RecordOptions{})
	must(t, err)
	id := res.Opened[0]
	_, err = st.RecordPage(ctx, "app-files", []state.Sighting{sg("app-files", "f1", "/var/log/app.log:42")}, nil, state.RecordOptions{})
	must(t, err)

	var out bytes.Buffer
	o := Options{Store: st, Out: &out, Sources: map[string]Source{"es": {Type: "elasticsearch", Purger: es}, "app-files": {Type: "file"}}}
	o.DryRun = true
	if _, err := Run(ctx, o, id); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "POST /_bulk?refresh=wait_for\n{\"delete\":{\"_id\":\"a1\",\"_index\":\"logs-1\"}}\n") {
		t.Fatalf("dry run:\n%s", out.String())
	}
	out.Reset()
	o.DryRun = false
	sum, err := Run(ctx, o, id)
	must(t, err)
	// a1, a2 deleted; "gone" was already absent (not_found counts as gone); the missing
	// index is a per-document failure; the file line cannot be purged.
	if sum[state.PurgeDeleted] != 3 || sum[state.PurgeFailed] != 1 || sum[state.PurgeNotPossible] != 1 || sum.Clean() {
		t.Fatalf("summary = %v\n%s", sum, out.String())
	}
	for _, w := range []string{"logs-1/a1: 200 deleted", "logs-1/gone: 404 not_found", "missing/x: 404 index_not_found_exception",
		"/var/log/app.log:42", "never edits the files"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("output lacks %q:\n%s", w, out.String())
		}
	}
	in, err := st.Incident(ctx, id)
	must(t, err)
	kinds := map[string]state.PurgeStatus{}
	for _, p := range in.Purges {
		kinds[p.Kind] = p.Status
	}
	if kinds["elasticsearch"] != state.PurgeFailed || kinds["file"] != state.PurgeNotPossible {
		t.Fatalf("recorded = %+v", in.Purges)
	}
	// Only "keep" is left.
	var left []string
	must(t, es.Scan(ctx, sources.Request{Window: sources.Window{Start: t0.Add(-time.Hour), End: t0.Add(time.Hour)}}, func(_ context.Context, p sources.Page) error {
		for _, l := range p.Lines {
			left = append(left, l.Location) // index/_id (the line id is its hash)
		}
		return nil
	}))
	if strings.Join(left, ",") != "logs-1/keep" {
		t.Fatalf("documents left = %v", left)
	}
}
