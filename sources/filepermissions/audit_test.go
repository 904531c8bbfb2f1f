package filepermissions

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, p string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte("DB_PASSWORD=not-a-real-password\n"), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil { // umask may have cleared bits
		t.Fatal(err)
	}
}

func link(t *testing.T, target, p string) {
	t.Helper()
	if err := os.Symlink(target, p); err != nil {
		t.Fatal(err)
	}
}

// TestAudit: patterns, modes, owners and links on a real directory tree.
func TestAudit(t *testing.T) {
	dir := t.TempDir()
	root, outside := filepath.Join(dir, "root"), filepath.Join(dir, "outside")
	write(t, filepath.Join(root, ".env"), 0o600)
	write(t, filepath.Join(root, "app", ".env.production"), 0o644)
	write(t, filepath.Join(root, "app", "config.env"), 0o666) // not a pattern match
	write(t, filepath.Join(root, "deep", "a", "b", ".env"), 0o640)
	write(t, filepath.Join(outside, "shared.env"), 0o604)
	link(t, filepath.Join(outside, "shared.env"), filepath.Join(root, "app", ".env.shared"))
	link(t, filepath.Join(outside, "shared.env"), filepath.Join(root, "deep", ".env.shared")) // the same file again
	link(t, filepath.Join(dir, "nowhere"), filepath.Join(root, ".env.old"))
	link(t, root, filepath.Join(root, "deep", "loop"))                          // a cycle back to the root
	link(t, filepath.Join(root, ".env.self"), filepath.Join(root, ".env.self")) // a link to itself

	res, err := Audit([]string{root}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Violation{}
	for _, v := range res.Violations {
		got[strings.TrimPrefix(v.Path, root+"/")] = v
	}
	want := map[string]string{
		"app/.env.production": "mode 0644 allows group read, other read beyond 0600",
		"deep/a/b/.env":       "mode 0640 allows group read beyond 0600",
		"app/.env.shared":     "mode 0604 allows other read beyond 0600",
	}
	if len(got) != len(want) {
		t.Errorf("violations %v, want %d", res.Violations, len(want))
	}
	for p, problem := range want {
		v, ok := got[p]
		if !ok || len(v.Problems) != 1 || v.Problems[0] != problem {
			t.Errorf("%s: %+v, want %q", p, v, problem)
		}
	}
	if v := got["app/.env.shared"]; v.Target != filepath.Join(outside, "shared.env") {
		t.Errorf("link reported with target %q, want the file it points at", v.Target)
	}
	if res.Checked != 4 {
		t.Errorf("checked %d files, want 4 (.env, .env.production, .env.shared's target, deep .env)", res.Checked)
	}
	notes := map[string]string{}
	for _, n := range res.Notes {
		notes[filepath.Base(n.Path)] = n.Reason
	}
	// The second link to a file already checked is accounted for, not skipped silently.
	again := "symbolic link to " + filepath.Join(outside, "shared.env") + ", checked once, as " + filepath.Join(root, "app", ".env.shared")
	if !strings.Contains(notes[".env.old"], "dangling") || !strings.Contains(notes[".env.self"], "loop") ||
		notes[".env.shared"] != again || len(notes) != 3 {
		t.Errorf("notes %v: want the dangling and the looping link, and the second link to shared.env", res.Notes)
	}
	if len(res.Errors) != 0 || res.Clean() {
		t.Errorf("errors %v, clean %v", res.Errors, res.Clean())
	}

	// A wider max_mode, an owner, and explicit patterns.
	res, err = Audit([]string{root}, Options{MaxMode: 0o644, Patterns: []string{"app/*.env"}, Owner: "no-such-user-xyz"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Violations) != 1 || !strings.HasSuffix(res.Violations[0].Path, "config.env") ||
		strings.Join(res.Violations[0].Problems, "; ") != "mode 0666 allows group write, other write beyond 0644; owned by "+res.Violations[0].Owner+", want no-such-user-xyz" {
		t.Errorf("with max_mode 0644 and an owner: %+v", res.Violations)
	}
}

func TestAuditRootsAndOptions(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "secrets.txt")
	write(t, f, 0o640)
	res, err := Audit([]string{f, filepath.Join(dir, "missing")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Violations) != 1 || res.Violations[0].Path != f {
		t.Errorf("a file root is checked whatever its name: %+v", res.Violations)
	}
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0], "missing: no such file") {
		t.Errorf("errors %v, want the missing root", res.Errors)
	}
	for _, o := range []Options{{MaxMode: 0o1600}, {Patterns: []string{"[.env"}}} {
		if _, err := Audit([]string{dir}, o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
}

func TestGlobMatch(t *testing.T) {
	for _, tc := range []struct {
		pat, name string
		want      bool
	}{
		{"**/.env", ".env", true},
		{"**/.env", "a/b/.env", true},
		{"**/.env", "a/.envrc", false},
		{"**/.env.*", "a/.env.local", true},
		{"**/.env.*", ".env", false},
		{"config/*.env", "config/app.env", true},
		{"config/*.env", "config/x/app.env", false},
		{"a/**/b/.env", "a/b/.env", true},
		{"a/**/b/.env", "a/x/y/b/.env", true},
	} {
		if got := globMatch(tc.pat, tc.name); got != tc.want {
			t.Errorf("globMatch(%q, %q) = %v", tc.pat, tc.name, got)
		}
	}
}

// TestAuditStaysInRoot: a link to a directory outside the root is not followed (a note says
// so), while a link to a directory inside it is; the audit is complete either way.
func TestAuditStaysInRoot(t *testing.T) {
	base := t.TempDir()
	root, outside := filepath.Join(base, "srv"), filepath.Join(base, "etc")
	write(t, filepath.Join(outside, ".env"), 0o644)
	write(t, filepath.Join(root, "app", ".env"), 0o600)
	write(t, filepath.Join(root, "shared", ".env.prod"), 0o644)
	link(t, outside, filepath.Join(root, "escape"))
	link(t, filepath.Join(root, "shared"), filepath.Join(root, "app", "shared"))
	res, err := Audit([]string{root}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range res.Violations {
		if strings.HasPrefix(v.Path, filepath.Join(root, "escape")) || strings.HasPrefix(v.Target, outside) {
			t.Errorf("the audit left its root: %+v", v)
		}
	}
	if len(res.Violations) != 1 || !strings.HasSuffix(res.Violations[0].Path, ".env.prod") {
		t.Errorf("violations %+v: want the one under the root", res.Violations)
	}
	found := false
	for _, n := range res.Notes {
		found = found || n.Path == filepath.Join(root, "escape") && strings.Contains(n.Reason, "outside")
	}
	if !found || len(res.Errors) != 0 {
		t.Errorf("notes %+v errors %v: want a note on the link leaving the root and no error", res.Notes, res.Errors)
	}
}

// TestAuditUnreadableDirIsANote: a directory leakwatch cannot read is a note, not an error
// that fails the whole audit (and its window).
func TestAuditUnreadableDirIsANote(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every directory: run as another user to exercise this")
	}
	root := t.TempDir()
	write(t, filepath.Join(root, "a", ".env"), 0o644)
	write(t, filepath.Join(root, "locked", ".env"), 0o600)
	if err := os.Chmod(filepath.Join(root, "locked"), 0); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(filepath.Join(root, "locked"), 0o755)
	res, err := Audit([]string{root}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 0 || len(res.Notes) != 1 || len(res.Violations) != 1 {
		t.Errorf("errors %v notes %+v violations %+v: want the locked directory as a note and the readable one audited", res.Errors, res.Notes, res.Violations)
	}
}
