package file

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
)

// checkpointVersion is bumped whenever the encoding changes incompatibly. An unknown
// version is not an error: the scan starts afresh (every file from byte 0), which costs a
// re-read but never skips a line, and stable line IDs keep the re-read free of new sightings.
const checkpointVersion = 1

// fpLen bounds the head and tail fingerprints.
const fpLen = 1 << 10

// fileKey identifies a file independently of its name.
type fileKey struct{ Dev, Ino uint64 }

// entry is the per-file state. For plain files Offset is the end of the last line fully
// consumed (a long line split into pieces counts only when its last piece was emitted), so a
// resume never starts inside a line.
type entry struct {
	Path string `json:"path"` // last name seen; where to look for the file after a rotation
	Dev  uint64 `json:"dev"`
	Ino  uint64 `json:"ino"`
	// Size is the size seen at the last scan; a smaller size later means truncation.
	Size int64 `json:"size"`
	// HeadLen bytes from the start hash to Head (sha256, hex): the content identity, also
	// the stem of line IDs. A changed head under the same inode is a copytruncate.
	HeadLen int    `json:"head_len"`
	Head    string `json:"head"`
	// Plain files only.
	Offset int64  `json:"offset,omitempty"`
	Lines  int64  `json:"lines,omitempty"` // lines before Offset: numbering continues from here
	Tail   string `json:"tail,omitempty"`  // sha256 of up to 1 KiB before Offset: catches truncate+regrow
	// Pending is the size at which an unterminated last line was held back (the writer may
	// be mid-line). When the next scan finds the file still at that size, the line is read.
	Pending int64 `json:"pending,omitempty"`
	// PartialDone is the size up to which that unterminated line (starting at Offset) was
	// scanned on its own after a quiet interval. Offset stays at the line's start, so when
	// the writer completes the line it is scanned again whole (same line ID: a secret the
	// partial scan already saw is not a new sighting).
	PartialDone int64 `json:"partial_done,omitempty"`
	// Gzip files are read whole or not at all.
	Gzip bool `json:"gzip,omitempty"`
	Done bool `json:"done,omitempty"`
}

func (e *entry) key() fileKey { return fileKey{e.Dev, e.Ino} }

type checkpoint struct {
	V     int      `json:"v"`
	Files []*entry `json:"files"`
}

// decodeState parses a checkpoint; ok is false when it is unusable (the caller starts afresh).
func decodeState(b []byte) (map[fileKey]*entry, error) {
	st := map[fileKey]*entry{}
	if len(b) == 0 {
		return st, nil
	}
	var cp checkpoint
	if err := json.Unmarshal(b, &cp); err != nil {
		return st, fmt.Errorf("undecodable checkpoint: %w", err)
	}
	if cp.V != checkpointVersion {
		return st, fmt.Errorf("checkpoint version %d, this build understands %d", cp.V, checkpointVersion)
	}
	for _, e := range cp.Files {
		if e != nil {
			st[e.key()] = e
		}
	}
	return st, nil
}

// encodeState is deterministic (entries sorted by key) so an unchanged state encodes to the
// same bytes and a scan with nothing new emits nothing.
// redact, when set, masks secrets in the stored paths (a directory named after a token):
// a rotated file in such a directory is then not followed, rather than the secret stored.
func encodeState(st map[fileKey]*entry, redact func(string) string) []byte {
	cp := checkpoint{V: checkpointVersion, Files: make([]*entry, 0, len(st))}
	for _, e := range st {
		if redact != nil {
			if p := redact(e.Path); p != e.Path {
				c := *e
				c.Path = p
				e = &c
			}
		}
		cp.Files = append(cp.Files, e)
	}
	slices.SortFunc(cp.Files, func(a, b *entry) int {
		if a.Dev != b.Dev {
			return cmpU(a.Dev, b.Dev)
		}
		return cmpU(a.Ino, b.Ino)
	})
	b, err := json.Marshal(cp)
	if err != nil { // only plain fields: cannot happen
		panic(err)
	}
	return b
}

func cmpU(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// hashRange returns the hex sha256 of f's bytes [off, off+n).
func hashRange(f io.ReaderAt, off int64, n int) (string, error) {
	buf := make([]byte, n)
	if _, err := f.ReadAt(buf, off); err != nil && !(err == io.EOF && n == 0) {
		return "", err
	}
	sum := sha256.Sum256(buf)
	return hex.EncodeToString(sum[:]), nil
}

func hashBytes(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// tailHash fingerprints the up to fpLen bytes before off.
func tailHash(f *os.File, off int64) (string, error) {
	n := min(off, fpLen)
	return hashRange(f, off-n, int(n))
}

// isGzip reports whether b starts with the gzip magic bytes.
func isGzip(b []byte) bool { return bytes.HasPrefix(b, []byte{0x1f, 0x8b}) }
