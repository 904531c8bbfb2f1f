package ignorefile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLoad(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
		err        string
	}{
		{"comments and blanks", "# why\n\n3f9a0c21d4b7  # fixture\n  ABCDEF0123456789abcdef  \n", []string{"3f9a0c21d4b7", "ABCDEF0123456789abcdef"}, ""},
		{"too short", "3f9a0c21d4\n", nil, ":1: fingerprint"},
		{"not hex", "# ok\nghp_abcdefghijklmnop\n", nil, ":2: fingerprint"},
		{"two fields", "3f9a0c21d4b7 3f9a0c21d4b8\n", nil, ":1: one fingerprint a line"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), DefaultName)
			if err := os.WriteFile(p, []byte(tc.text), 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := Load(p, false)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				if strings.Contains(err.Error(), "ghp_") {
					t.Fatalf("error quotes the line: %v", err)
				}
				return
			}
			if err != nil || strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Fatalf("Load = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}

func TestMissingAndAppend(t *testing.T) {
	p := filepath.Join(t.TempDir(), DefaultName)
	if got, err := Load(p, true); err != nil || got != nil {
		t.Fatalf("optional missing file: %v, %v", got, err)
	}
	if _, err := Load(p, false); err == nil {
		t.Fatal("a missing required file is not an error")
	}
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	fp := "3f9a0c21d4b7aa00112233445566778899aabbccddeeff00112233445566778"
	for i, want := range []bool{true, false} {
		added, err := Append(p, fp, "incident 7 (github-pat)\nfalse positive", now)
		if err != nil || added != want {
			t.Fatalf("append %d: added=%v err=%v, want %v", i, added, err, want)
		}
	}
	got, err := Load(p, false)
	if err != nil || len(got) != 1 || got[0] != fp {
		t.Fatalf("after append: %v, %v", got, err)
	}
	b, _ := os.ReadFile(p)
	if !strings.Contains(string(b), "# incident 7 (github-pat) false positive (2026-12-01T00:00:00Z)") {
		t.Fatalf("comment not written on one line: %q", b)
	}
}
