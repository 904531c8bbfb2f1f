package state

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

func TestLoadOrCreateKey(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	k1, err := LoadOrCreateKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(k1) != KeySize || bytes.Equal(k1, make([]byte, KeySize)) {
		t.Fatalf("key = %d bytes (all zero: %v)", len(k1), bytes.Equal(k1, make([]byte, KeySize)))
	}
	k2, err := LoadOrCreateKey(dir)
	if err != nil || !bytes.Equal(k1, k2) {
		t.Fatalf("second load: %v, same key %v", err, bytes.Equal(k1, k2))
	}
	if runtime.GOOS == "windows" {
		return
	}
	if fi, _ := os.Stat(filepath.Join(dir, KeyFile)); fi.Mode().Perm() != 0o600 {
		t.Fatalf("key mode = %04o, want 0600", fi.Mode().Perm())
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Fatalf("data dir mode = %04o, want 0700", fi.Mode().Perm())
	}
	// Another installation gets another key.
	k3, err := LoadOrCreateKey(t.TempDir())
	if err != nil || bytes.Equal(k1, k3) {
		t.Fatalf("other dir: %v, same key %v", err, bytes.Equal(k1, k3))
	}
}

func TestLoadOrCreateKeyRefusesBadFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix permission bits")
	}
	tests := []struct {
		name  string
		setup func(path string) error
		want  string
	}{
		{"group readable", func(p string) error { return os.Chmod(p, 0o640) }, "chmod 600"},
		{"world readable", func(p string) error { return os.Chmod(p, 0o604) }, "chmod 600"},
		{"truncated", func(p string) error { return os.WriteFile(p, []byte("short"), 0o600) }, "has 5 bytes"},
		{"directory", func(p string) error {
			if err := os.Remove(p); err != nil {
				return err
			}
			return os.Mkdir(p, 0o700)
		}, "not a regular file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if _, err := LoadOrCreateKey(dir); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, KeyFile)
			if err := tc.setup(path); err != nil {
				t.Fatal(err)
			}
			key, err := LoadOrCreateKey(dir)
			if err == nil || !strings.Contains(err.Error(), tc.want) || key != nil {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

// TestLoadOrCreateKeyRace starts many loaders on a new dir at once: all get the same key
// and no temporary file is left.
func TestLoadOrCreateKeyRace(t *testing.T) {
	dir := t.TempDir()
	const n = 16
	keys := make([][]byte, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			keys[i], errs[i] = LoadOrCreateKey(dir)
		})
	}
	close(start)
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("loader %d: %v", i, errs[i])
		}
		if !bytes.Equal(keys[i], keys[0]) {
			t.Fatalf("loader %d got a different key", i)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != KeyFile {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("dir holds %v, want only %s", names, KeyFile)
	}
}
