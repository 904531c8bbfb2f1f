package engine

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/filepermissions"
)

// auditSource is a file_permissions source with a scripted result.
type auditSource struct{ res filepermissions.Result }

func (s *auditSource) Name() string { return "perms" }
func (s *auditSource) Scan(context.Context, sources.Request, func(context.Context, sources.Page) error) error {
	panic("an auditor is audited, never scanned")
}
func (s *auditSource) Audit(context.Context) (sources.AuditResult, error) {
	return filepermissions.Findings(s.res), nil
}

// TestAuditWindow: violations become file-permissions incidents (one per path, again in
// later windows), a clean audit covers its window with the files checked as lines, and an
// incomplete audit covers nothing.
func TestAuditWindow(t *testing.T) {
	e, st, _ := newEngine(t, 0)
	ctx := context.Background()
	t0 := time.Now().Add(-2 * time.Hour).Truncate(time.Hour)
	win := func(i int) sources.Window {
		return sources.Window{Start: t0.Add(time.Duration(i) * 20 * time.Minute), End: t0.Add(time.Duration(i+1) * 20 * time.Minute)}
	}
	bad := filepermissions.Violation{Path: "/srv/a/.env", Target: "/srv/shared/a.env", Mode: "0644", Owner: "app", Problems: []string{"mode 0644 allows group read, other read beyond 0600"}}
	src := &auditSource{res: filepermissions.Result{Checked: 3, Violations: []filepermissions.Violation{bad}}}
	for i := 0; i < 2; i++ {
		if err := e.ScanWindow(ctx, Job{Source: src}, win(i)); err != nil {
			t.Fatal(err)
		}
	}
	list, err := st.Incidents(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].RuleID != filepermissions.Rule || list[0].Preview != "mode 0644, owner app" ||
		!strings.Contains(list[0].Description, "group read") {
		t.Fatalf("incidents %+v: want one file-permissions incident", list)
	}
	in, err := st.Incident(ctx, list[0].ID)
	if err != nil || len(in.Locations) == 0 || in.Locations[0].Location != "/srv/a/.env -> /srv/shared/a.env" {
		t.Fatalf("locations %+v (%v): want the link and its target", in.Locations, err)
	}
	src.res = filepermissions.Result{Checked: 3}
	if err := e.ScanWindow(ctx, Job{Source: src}, win(2)); err != nil {
		t.Fatal(err)
	}
	got, err := st.Scanned(ctx, "perms", t0, win(2).End)
	if err != nil || got.Lines != 9 {
		t.Fatalf("scanned %+v (%v): want 9 files checked over 3 covered windows", got, err)
	}
	src.res = filepermissions.Result{Checked: 1, Errors: []string{"/srv/b: permission denied"}}
	if err := e.ScanWindow(ctx, Job{Source: src}, win(3)); err == nil || !strings.Contains(err.Error(), "audit incomplete") {
		t.Fatalf("incomplete audit: err = %v", err)
	}
	if wm, ok, _ := st.Watermark(ctx, "perms"); !ok || !wm.Equal(win(2).End) {
		t.Fatalf("watermark %v: an incomplete audit must not cover its window", wm)
	}
}
