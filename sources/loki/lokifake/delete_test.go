package lokifake

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestDeleteAPI(t *testing.T) {
	t0 := time.Date(2026, 11, 30, 10, 0, 0, 123_400_000, time.UTC)
	form := func(q, start, end string) string {
		return url.Values{"query": {q}, "start": {start}, "end": {end}}.Encode()
	}
	cases := []struct {
		name       string
		mode       DeletionMode // "" with retention off
		method     string
		query      string
		wantStatus int
		wantBody   string
		wantLeft   int // lines left after ProcessDeletes
	}{
		{"retention off", "", http.MethodPost, form(`{app="a"}`, "2026-11-30T10:00:00.123Z", "2026-11-30T10:00:00.124Z"), 404, "404 page not found", 3},
		{"deletion disabled", DeletionDisabled, http.MethodPost, form(`{app="a"}`, "2026-11-30T10:00:00.123Z", "2026-11-30T10:00:00.124Z"), 403, "deletion is not available for this tenant", 3},
		{"list when disabled", DeletionDisabled, http.MethodGet, "", 403, "deletion is not available", 3},
		{"same millisecond refused", DeletionFilterAndDelete, http.MethodPost, form(`{app="a"}`, "2026-11-30T10:00:00.1231Z", "2026-11-30T10:00:00.1239Z"), 400, "start time", 3},
		{"empty-compatible selector refused", DeletionFilterAndDelete, http.MethodPost, form(`{app=~".*"}`, "2026-11-30T10:00:00.123Z", "2026-11-30T10:00:00.124Z"), 400, "empty-compatible", 3},
		{"filter narrows the millisecond", DeletionFilterAndDelete, http.MethodPost, form(`{app="a"} |= "secret"`, "2026-11-30T10:00:00.123Z", "2026-11-30T10:00:00.124Z"), 204, "", 2},
		{"without a filter the millisecond goes", DeletionFilterAndDelete, http.MethodPost, form(`{app="a"}`, "2026-11-30T10:00:00.123Z", "2026-11-30T10:00:00.124Z"), 204, "", 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := New(Options{Now: func() time.Time { return t0.Add(time.Hour) }})
			if err := f.Push("fake", map[string]string{"app": "a"}, Entry{Time: t0, Line: "has secret"}, Entry{Time: t0.Add(time.Microsecond), Line: "clean"},
				Entry{Time: t0.Add(time.Second), Line: "secret later"}); err != nil {
				t.Fatal(err)
			}
			if tc.mode != "" {
				f.EnableDeletion(tc.mode)
			}
			srv := httptest.NewServer(f)
			defer srv.Close()
			req, _ := http.NewRequest(tc.method, srv.URL+"/loki/api/v1/delete?"+tc.query, nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			buf := make([]byte, 512)
			n, _ := resp.Body.Read(buf)
			b.Write(buf[:n])
			resp.Body.Close()
			if resp.StatusCode != tc.wantStatus || !strings.Contains(b.String(), tc.wantBody) {
				t.Fatalf("%d %q, want %d %q", resp.StatusCode, b.String(), tc.wantStatus, tc.wantBody)
			}
			if tc.wantStatus == 204 {
				id := resp.Header.Get("X-Delete-Request-Id")
				rs := f.DeleteRequests()
				if id == "" || len(rs) != 1 || rs[0].ID != id || rs[0].Status != "received" {
					t.Fatalf("id %q, requests %+v", id, rs)
				}
			}
			f.ProcessDeletes()
			left := 0
			for _, s := range f.tenants["fake"] {
				left += len(s.entries)
			}
			if left != tc.wantLeft {
				t.Fatalf("%d lines left, want %d", left, tc.wantLeft)
			}
		})
	}
}
