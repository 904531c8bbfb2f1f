package filepermissions

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/sources"
)

// Findings: one incident per path whatever its mode (the fingerprint), a new sighting when
// the mode or owner changes (the line id), metadata only.
func TestFindings(t *testing.T) {
	v := Violation{Path: "/srv/a/.env", Target: "/srv/shared/a.env", Mode: "0644", Owner: "app", Problems: []string{"mode 0644 allows other read beyond 0600"}}
	a := Findings(Result{Checked: 4, Violations: []Violation{v}, Notes: []Note{{Path: "/srv/b", Reason: "permission denied"}}, Errors: []string{"x"}})
	v.Mode = "0640"
	b := Findings(Result{Checked: 4, Violations: []Violation{v}})
	if len(a.Findings) != 1 || len(b.Findings) != 1 {
		t.Fatalf("findings %+v %+v", a, b)
	}
	fa, fb := a.Findings[0], b.Findings[0]
	if fa.Rule != Rule || fa.Severity != "high" || fa.Preview != "mode 0644, owner app" || fa.Location != "/srv/a/.env -> /srv/shared/a.env" ||
		!strings.Contains(fa.Description, "other read") || !strings.HasPrefix(fa.LineID, "audit:") {
		t.Fatalf("finding %+v", fa)
	}
	if fa.Fingerprint != fb.Fingerprint || fa.LineID == fb.LineID {
		t.Fatalf("a mode change: fingerprint %s/%s must stay, line id %s/%s must change", fa.Fingerprint, fb.Fingerprint, fa.LineID, fb.LineID)
	}
	if a.Checked != 4 || len(a.Notes) != 1 || a.Notes[0] != "/srv/b: permission denied" || len(a.Incomplete) != 1 {
		t.Fatalf("result %+v", a)
	}
}

// The registered source is an Auditor and audits through it.
func TestSourceIsAuditor(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".env"), []byte("X=1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := DefaultSourceConfig()
	c.Paths = []string{filepath.Join(dir, "**", ".env")}
	src, err := c.Build(sources.BuildOptions{Name: "perms", Type: Type})
	if err != nil {
		t.Fatal(err)
	}
	a, ok := sources.As[sources.Auditor](src)
	if !ok {
		t.Fatalf("%T is not a sources.Auditor", src)
	}
	res, err := a.Audit(context.Background())
	if err != nil || res.Checked != 1 || len(res.Findings) != 1 || !strings.HasSuffix(res.Findings[0].Location, ".env") {
		t.Fatalf("audit %+v (%v): want the 0644 .env as one finding", res, err)
	}
}

// An audit's notes name paths, and a path may hold a secret: the source passes them through
// the redactor it was given (the daemon gives the detector's), as the file source does its
// checkpoint's paths.
func TestAuditRedactsNotes(t *testing.T) {
	const secret = "not-a-real-secret-4f2a9c"
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, secret), 0o755); err != nil {
		t.Fatal(err)
	}
	link(t, filepath.Join(dir, "gone.env"), filepath.Join(dir, secret, ".env")) // dangling: a note
	src, err := NewSource("perms", []string{filepath.Join(dir, "**", ".env")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var pr sources.PathRedactor = src
	pr.RedactPaths(func(s string) string { return strings.ReplaceAll(s, secret, "[REDACTED]") })
	res, err := src.Audit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Notes) != 1 || strings.Contains(res.Notes[0], secret) || !strings.Contains(res.Notes[0], filepath.Join("[REDACTED]", ".env")) {
		t.Fatalf("notes %q: want the dangling link's note with the secret in its path redacted", res.Notes)
	}
}
