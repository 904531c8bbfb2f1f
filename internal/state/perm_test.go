package state

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestPrivateFiles: whatever the umask, the data dir is 0700 (an existing wider one is
// tightened) and the database, its WAL and shared memory are 0600.
func TestPrivateFiles(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	for _, tc := range []struct {
		name  string
		setup func(dir string)
	}{
		{"new data dir", func(string) {}},
		{"existing world-readable data dir and database", func(dir string) {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			_ = os.Chmod(dir, 0o755)
			if err := os.WriteFile(filepath.Join(dir, DBFile), nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			tc.setup(dir)
			st, err := OpenSQLite(context.Background(), dir)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			// A write makes sure the WAL and shared memory exist.
			if _, err := st.RecordPage(context.Background(), "s", nil, []byte("cp"), RecordOptions{}); err != nil {
				t.Fatal(err)
			}
			fi, err := os.Stat(dir)
			if err != nil || fi.Mode().Perm() != 0o700 {
				t.Errorf("data dir mode %v (%v), want 0700", fi.Mode().Perm(), err)
			}
			for _, f := range []string{DBFile, DBFile + "-wal", DBFile + "-shm"} {
				fi, err := os.Stat(filepath.Join(dir, f))
				if err != nil {
					t.Errorf("%s: %v", f, err)
					continue
				}
				if fi.Mode().Perm() != 0o600 {
					t.Errorf("%s mode %04o, want 0600", f, fi.Mode().Perm())
				}
			}
		})
	}
}
