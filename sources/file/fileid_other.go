//go:build !unix

package file

import "io/fs"

// idOf has no (device, inode) outside Unix: files are identified by path there, so a
// rotation reads the renamed file as a new one (line IDs keep duplicates harmless).
func idOf(fs.FileInfo) (fileKey, bool) { return fileKey{}, false }
