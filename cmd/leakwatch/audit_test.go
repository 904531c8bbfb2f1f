package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAuditExitCodes: 0 clean, 1 violations, 2 an incomplete audit or bad usage; a file's
// content never reaches the output.
func TestAuditExitCodes(t *testing.T) {
	dir := t.TempDir()
	const content = "SECRET_KEY=audit-content-must-not-leak"
	mk := func(p string, mode os.FileMode) string {
		scanWriteFile(t, p, content)
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	clean, bad := filepath.Join(dir, "clean"), filepath.Join(dir, "bad")
	mk(filepath.Join(clean, ".env"), 0o600)
	mk(filepath.Join(bad, ".env.local"), 0o640)
	if err := os.Symlink(filepath.Join(bad, ".env.local"), filepath.Join(clean, "sub.env.link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(bad, ".env.local"), filepath.Join(bad, ".env.alias")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"clean", []string{clean}, 0, "0 violations"},
		{"violation", []string{bad}, 1, ".env.local: mode 0640 allows group read beyond 0600"},
		{"link and target", []string{"--format", "json", bad}, 1, `"target": "` + filepath.Join(bad, ".env.local") + `"`},
		{"clean and missing", []string{clean, filepath.Join(dir, "nope")}, 2, "no such file"},
		{"violation and missing", []string{bad, filepath.Join(dir, "nope")}, 2, "1 violation, 0 notes, 1 error"},
		{"bad format", []string{"--format", "xml", clean}, 2, `--format "xml"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runCLI(t, nil, append([]string{"audit"}, tc.args...)...)
			if code != tc.code || !strings.Contains(out+errs, tc.want) {
				t.Fatalf("exit %d (want %d), %q %q: want %q", code, tc.code, out, errs, tc.want)
			}
			if strings.Contains(out+errs, "audit-content") {
				t.Fatal("a file's content reached the output")
			}
		})
	}
}
