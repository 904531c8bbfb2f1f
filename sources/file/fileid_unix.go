//go:build unix

package file

import (
	"io/fs"
	"syscall"
)

// idOf returns the (device, inode) pair that identifies a file across renames.
func idOf(fi fs.FileInfo) (fileKey, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileKey{}, false
	}
	return fileKey{Dev: uint64(st.Dev), Ino: uint64(st.Ino)}, true //nolint:unconvert // field widths differ by platform
}
