//go:build !unix

package filepermissions

import "io/fs"

type fileID struct{ dev, ino uint64 }

// Without inode numbers a linked directory cycle cannot be told apart; the walk still ends
// because os.ReadDir of a looping link fails once the path grows too long.
func idOf(fs.FileInfo) (fileID, bool) { return fileID{}, false }

func ownerOf(fs.FileInfo) (uid, name string) { return "", "unknown" }
