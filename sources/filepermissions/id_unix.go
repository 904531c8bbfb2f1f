//go:build unix

package filepermissions

import (
	"io/fs"
	"os/user"
	"strconv"
	"syscall"
)

type fileID struct{ dev, ino uint64 }

func idOf(fi fs.FileInfo) (fileID, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}, false
	}
	return fileID{uint64(st.Dev), uint64(st.Ino)}, true //nolint:unconvert // widths differ by platform
}

// ownerOf returns the uid and the user name (the uid when the name is unknown).
func ownerOf(fi fs.FileInfo) (uid, name string) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return "", "unknown"
	}
	uid = strconv.FormatUint(uint64(st.Uid), 10)
	if u, err := user.LookupId(uid); err == nil {
		return uid, u.Username
	}
	return uid, uid
}
