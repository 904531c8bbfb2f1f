package purge

import (
	"bytes"
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/internal/state"
	"github.com/leakwatch/leakwatch/sources/loki"
	"github.com/leakwatch/leakwatch/sources/loki/lokifake"
)

// TestLokiPurgeScope: a purge deletes only the leaked line or refuses. What no line filter
// can limit (a fully redacted preview, a secret only in structured metadata) is refused
// unless --whole-stream-millisecond is given, which the dry run spells out; a secret in a
// label is refused always; the dry run warns when the selector matches more streams than
// the leaked line's.
func TestLokiPurgeScope(t *testing.T) {
	at := t0.Format(time.RFC3339Nano)
	cases := []struct {
		name, location, preview string
		whole                   bool
		wantDry                 []string // in the dry run's output
		wantSent                int      // delete requests a real run sends
		wantRefused             int
	}{
		{name: "full redaction: refused", location: `{app="api", env="prod"} @ ` + at, preview: "[redacted]",
			wantDry: []string{"REFUSED", "no public part", "--whole-stream-millisecond"}, wantRefused: 1},
		{name: "full redaction, override: the dry run says what goes", location: `{app="api", env="prod"} @ ` + at, preview: "[redacted]", whole: true,
			wantDry: []string{"WARNING: no line filter", "EVERY line of the stream"}, wantSent: 1},
		{name: "metadata only: Loki cannot purge it by filter", location: `structured metadata trace.token of {app="api", env="prod"} @ ` + at, preview: "ghp_…wxyz",
			wantDry: []string{"REFUSED", "cannot purge it by filter"}, wantRefused: 1},
		{name: "label: refused even with the override", location: `label url of {app="api", env="prod", url="/cb?t=[ghp_…wxyz]"} @ ` + at, preview: "ghp_…wxyz", whole: true,
			wantDry: []string{"REFUSED", "label url"}, wantRefused: 1},
		{name: "selector matching a stream with more labels: warned", location: `{app="api", env="prod"} @ ` + at, preview: "ghp_…wxyz",
			wantDry: []string{"matches 2 streams"}, wantSent: 1},
		{name: "label that held a secret left out of the selector", location: `{app="api", env="prod", url="/cb?t=[ghp_…abcd]"} @ ` + at, preview: "ghp_…wxyz",
			wantDry: []string{"label url held a secret", "matches 2 streams"}, wantSent: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			fake := lokifake.New(lokifake.Options{Now: func() time.Time { return t0.Add(time.Hour) }})
			fake.EnableDeletion(lokifake.DeletionFilterAndDelete)
			must(t, fake.Push("fake", map[string]string{"app": "api", "env": "prod"}, lokifake.Entry{Time: t0, Line: "x ghp_ wxyz"}))
			must(t, fake.Push("fake", map[string]string{"app": "api", "env": "prod", "pod": "p2"}, lokifake.Entry{Time: t0, Line: "y"}))
			srv := httptest.NewServer(fake)
			defer srv.Close()
			src, err := loki.New(loki.Config{Name: "loki-prod", URL: srv.URL})
			must(t, err)
			st, err := state.OpenSQLite(ctx, t.TempDir())
			must(t, err)
			defer st.Close()
			res, err := st.RecordPage(ctx, "loki-prod", []state.Sighting{{Source: "loki-prod", LineID: "l1", RuleID: "github-pat", Severity: "high",
				Fingerprint: strings.Repeat("cd", 32), Preview: tc.preview, EventTime: t0, Location: tc.location}}, nil, state.RecordOptions{})
			must(t, err)
			id := res.Opened[0]
			var out bytes.Buffer
			o := Options{Store: st, Sources: map[string]Source{"loki-prod": {Type: "loki", Purger: src}}, Out: &out, DryRun: true,
				WholeStreamMillisecond: tc.whole, Sleep: func(context.Context, time.Duration) error { return nil }}
			_, _ = Run(ctx, o, id)
			for _, w := range tc.wantDry {
				if !strings.Contains(out.String(), w) {
					t.Errorf("dry run lacks %q:\n%s", w, out.String())
				}
			}
			if n := len(fake.DeleteRequests()); n != 0 {
				t.Fatalf("dry run sent %d request(s)", n)
			}
			out.Reset()
			o.DryRun = false
			sum, err := Run(ctx, o, id)
			if n := len(fake.DeleteRequests()); n != tc.wantSent {
				t.Errorf("sent %d delete request(s), want %d:\n%s", n, tc.wantSent, out.String())
			}
			if sum[state.PurgeRefused] != tc.wantRefused || (tc.wantRefused > 0) != (err != nil) {
				t.Errorf("summary %v, err %v: want %d refused, reported as an error", sum, err, tc.wantRefused)
			}
			for _, r := range fake.DeleteRequests() {
				if strings.Contains(r.Query, "url=") || strings.Contains(r.Query, "…") {
					t.Errorf("delete query %q names a label that held a secret", r.Query)
				}
			}
			if tc.wantRefused > 0 {
				in, _ := st.Incident(ctx, id)
				if len(in.Purges) != 1 || in.Purges[0].Status != state.PurgeRefused {
					t.Errorf("purges recorded %+v: want one refused", in.Purges)
				}
			}
		})
	}
}
