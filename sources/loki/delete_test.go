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
		targets      []DeleteTarget
		want         []string // String() of each request
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
			name:    "multi-tenant line: its tenant from __tenant_id__",
			tenant:  "a|b",
			targets: []DeleteTarget{{LineID: "a", Location: `{__tenant_id__="b", app="api"} @ 2026-11-30T10:00:00Z`, Preview: "[redacted]"}},
			want:    []string{"POST /loki/api/v1/delete?end=2026-11-30T10%3A00%3A00.001Z&query=%7Bapp%3D%22api%22%7D&start=2026-11-30T10%3A00%3A00.000Z (X-Scope-OrgID: b)"},
		},
		{name: "bad location", targets: []DeleteTarget{{LineID: "a", Location: "app.log:12"}}, wantErr: "location is not"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := New(Config{Name: "l", URL: "http://loki:3100", Tenant: tc.tenant})
			if err != nil {
				t.Fatal(err)
			}
			reqs, err := s.PlanDelete(tc.targets)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range reqs {
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
