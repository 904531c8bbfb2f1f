package loki

import (
	"strings"
	"testing"
	"time"
)

func TestPreviewFilter(t *testing.T) {
	cases := []struct{ preview, want string }{
		{"ghp_…790k", "|= `ghp_` |= `790k`"},
		{"…a1b2", "|= `a1b2`"},
		{"AKIA…", "|= `AKIA`"},
		{"[redacted]", ""},
		{"x`y…z\"w", "|= \"x`y\" |= `z\"w`"},
	}
	for _, tc := range cases {
		if got := PreviewFilter(tc.preview); got != tc.want {
			t.Errorf("PreviewFilter(%q) = %q, want %q", tc.preview, got, tc.want)
		}
	}
}

func TestPlanDelete(t *testing.T) {
	cases := []struct {
		name, tenant string
		whole        bool
		targets      []DeleteTarget
		want         []string // String() of each request
		wantRefused  string   // in the one request's Refused
		wantNote     string   // in the one request's Notes
		wantErr      string
	}{
		{
			name:    "one line: its stream and millisecond",
			targets: []DeleteTarget{{LineID: "a", Location: `{app="api", env="prod"} @ 2026-11-30T10:00:00.123456789Z`, Preview: "ghp_…wxyz"}},
			want:    []string{"POST /loki/api/v1/delete?end=2026-11-30T10%3A00%3A00.124Z&query=%7Bapp%3D%22api%22%2C+env%3D%22prod%22%7D+%7C%3D+%60ghp_%60+%7C%3D+%60wxyz%60&start=2026-11-30T10%3A00%3A00.123Z"},
		},
		{
			name:   "two lines of one millisecond share a request; tenant header",
			tenant: "team-a",
			targets: []DeleteTarget{
				{LineID: "a", Location: `{app="api"} @ 2026-11-30T10:00:00.123000001Z`, Preview: "…wxyz"},
				{LineID: "b", Location: `{app="api"} @ 2026-11-30T10:00:00.123999999Z`, Preview: "…wxyz"},
			},
			want: []string{"POST /loki/api/v1/delete?end=2026-11-30T10%3A00%3A00.124Z&query=%7Bapp%3D%22api%22%7D+%7C%3D+%60wxyz%60&start=2026-11-30T10%3A00%3A00.123Z (X-Scope-OrgID: team-a)"},
		},
		{
			name:    "multi-tenant line: its tenant from __tenant_id__, among the configured ones",
			tenant:  "a|b",
			targets: []DeleteTarget{{LineID: "a", Location: `{__tenant_id__="b", app="api"} @ 2026-11-30T10:00:00Z`, Preview: "ghp_…wxyz"}},
			want:    []string{"POST /loki/api/v1/delete?end=2026-11-30T10%3A00%3A00.001Z&query=%7Bapp%3D%22api%22%7D+%7C%3D+%60ghp_%60+%7C%3D+%60wxyz%60&start=2026-11-30T10%3A00%3A00.000Z (X-Scope-OrgID: b)"},
		},
		{
			name:    "a pushed __tenant_id__ naming another tenant is refused",
			tenant:  "a|b",
			targets: []DeleteTarget{{LineID: "a", Location: `{__tenant_id__="victim", app="api"} @ 2026-11-30T10:00:00Z`, Preview: "ghp_…wxyz"}},
			wantErr: "not among the source's tenants",
		},
		{
			name:    "single-tenant source: the tenant is the configured one, a pushed __tenant_id__ a plain label",
			tenant:  "team-a",
			targets: []DeleteTarget{{LineID: "a", Location: `{__tenant_id__="victim", app="api"} @ 2026-11-30T10:00:00Z`, Preview: "ghp_…wxyz"}},
			want:    []string{"POST /loki/api/v1/delete?end=2026-11-30T10%3A00%3A00.001Z&query=%7B__tenant_id__%3D%22victim%22%2C+app%3D%22api%22%7D+%7C%3D+%60ghp_%60+%7C%3D+%60wxyz%60&start=2026-11-30T10%3A00%3A00.000Z (X-Scope-OrgID: team-a)"},
		},
		{
			name:        "no public preview part: refused",
			targets:     []DeleteTarget{{LineID: "a", Location: `{app="api"} @ 2026-11-30T10:00:00Z`, Preview: "[redacted]"}},
			wantRefused: "no public part",
		},
		{
			name:     "no public preview part, whole millisecond accepted: said so",
			whole:    true,
			targets:  []DeleteTarget{{LineID: "a", Location: `{app="api"} @ 2026-11-30T10:00:00Z`, Preview: "[redacted]"}},
			want:     []string{"POST /loki/api/v1/delete?end=2026-11-30T10%3A00%3A00.001Z&query=%7Bapp%3D%22api%22%7D&start=2026-11-30T10%3A00%3A00.000Z"},
			wantNote: "EVERY line of the stream",
		},
		{
			name:        "secret in structured metadata: Loki cannot purge it by filter",
			targets:     []DeleteTarget{{LineID: "a", Location: `structured metadata aws.key of {app="api"} @ 2026-11-30T10:00:00Z`, Preview: "AKIA…WXYZ"}},
			wantRefused: "cannot purge it by filter",
		},
		{
			name:        "secret in a label: refused even with the override",
			whole:       true,
			targets:     []DeleteTarget{{LineID: "a", Location: `label url of {app="api", url="/cb?t=[ghp_…wxyz]"} @ 2026-11-30T10:00:00Z`, Preview: "ghp_…wxyz"}},
			wantRefused: "label url",
		},
		{
			name:     "a label that held a secret is left out of the selector",
			targets:  []DeleteTarget{{LineID: "a", Location: `{app="api", url="/cb?t=[ghp_…abcd]"} @ 2026-11-30T10:00:00Z`, Preview: "ghp_…wxyz"}},
			want:     []string{"POST /loki/api/v1/delete?end=2026-11-30T10%3A00%3A00.001Z&query=%7Bapp%3D%22api%22%7D+%7C%3D+%60ghp_%60+%7C%3D+%60wxyz%60&start=2026-11-30T10%3A00%3A00.000Z"},
			wantNote: "label url held a secret",
		},
		{name: "bad location", targets: []DeleteTarget{{LineID: "a", Location: "app.log:12"}}, wantErr: "location is not"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := New(Config{Name: "l", URL: "http://loki:3100", Tenant: tc.tenant})
			if err != nil {
				t.Fatal(err)
			}
			reqs, err := s.PlanDelete(tc.targets, DeleteOptions{WholeMillisecond: tc.whole})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantRefused != "" {
				if len(reqs) != 1 || !strings.Contains(reqs[0].Refused, tc.wantRefused) || reqs[0].Query != "" {
					t.Fatalf("requests %+v: want one refused with %q and no query", reqs, tc.wantRefused)
				}
				return
			}
			if tc.wantNote != "" && (len(reqs) != 1 || !strings.Contains(strings.Join(reqs[0].Notes, "\n"), tc.wantNote)) {
				t.Errorf("requests %+v: want a note %q", reqs, tc.wantNote)
			}
			var got []string
			for _, r := range reqs {
				if r.Refused != "" {
					t.Errorf("request refused: %s", r.Refused)
				}
				for _, leak := range []string{"victim\" (X", "[ghp_", "…"} {
					if strings.Contains(r.Query, leak) {
						t.Errorf("query %q carries %q", r.Query, leak)
					}
				}
				got = append(got, r.String())
				if !r.End.After(r.Start) || r.End.Sub(r.Start) != time.Millisecond {
					t.Errorf("range [%v, %v]: want one millisecond", r.Start, r.End)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Fatalf("requests:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestProcessed(t *testing.T) {
	list := []DeleteStatus{{RequestID: "a", Status: "processed"}, {RequestID: "b", Status: "processed"}, {RequestID: "b", Status: "received"}}
	for id, want := range map[string]bool{"a": true, "b": false, "c": false} {
		if got := Processed(list, id); got != want {
			t.Errorf("Processed(%s) = %v, want %v", id, got, want)
		}
	}
}
