// Package linereader splits a byte stream into lines with bounded memory: a line longer than
// the limit comes out as several pieces, each repeating the last Overlap bytes of the previous
// one so that a secret cut by a split is still seen whole in one piece.
package linereader

import (
	"bufio"
	"bytes"
	"io"
)

// Piece is a line or one bounded part of a long line. Text is only valid until the next call
// to Next.
type Piece struct {
	LineNo int   // 1-based line number
	Offset int64 // byte offset in the stream of Text[0]
	Text   []byte
	// Overlap is how many leading bytes of Text repeat the previous piece of the same line.
	Overlap int
	// First/Last tell whether the piece starts/ends its line.
	First, Last bool
}

// Reader reads pieces.
type Reader struct {
	r       *bufio.Reader
	max     int
	overlap int
	buf     []byte
	lineNo  int
	offset  int64 // stream offset of the next unread byte
	inLine  bool  // the previous piece did not end its line
	tail    []byte
}

// DefaultMax and DefaultOverlap bound a piece; the overlap must exceed the longest secret a
// rule can match (PEM keys on one line are the longest, a few KiB).
const (
	DefaultMax     = 1 << 20
	DefaultOverlap = 8 << 10
)

// New reads from r. max is the largest piece (bytes), overlap the repeat between pieces
// (max > overlap*2). Zero values take the defaults.
func New(r io.Reader, max, overlap int) *Reader {
	if max <= 0 {
		max = DefaultMax
	}
	if overlap <= 0 {
		overlap = DefaultOverlap
	}
	if overlap*2 >= max {
		overlap = max / 4
	}
	return &Reader{r: bufio.NewReaderSize(r, min(max, 64<<10)), max: max, overlap: overlap, buf: make([]byte, 0, 64<<10)}
}

// Offset is the stream offset just after the last piece returned (the resume position
// once a piece with Last set was consumed).
func (lr *Reader) Offset() int64 { return lr.offset }

// Next returns the next piece or io.EOF. A final line without a newline is returned.
func (lr *Reader) Next() (Piece, error) {
	lr.buf = lr.buf[:0]
	first := !lr.inLine
	overlap := 0
	if !first {
		lr.buf = append(lr.buf, lr.tail...)
		overlap = len(lr.tail)
	}
	start := lr.offset - int64(overlap)
	for {
		frag, err := lr.r.ReadSlice('\n')
		lr.buf = append(lr.buf, frag...)
		lr.offset += int64(len(frag))
		switch err {
		case bufio.ErrBufferFull:
			if len(lr.buf) < lr.max {
				continue
			}
			if first {
				lr.lineNo++
			}
			lr.inLine = true
			lr.tail = append(lr.tail[:0], lr.buf[len(lr.buf)-lr.overlap:]...)
			return Piece{LineNo: lr.lineNo, Offset: start, Text: lr.buf, Overlap: overlap, First: first}, nil
		case nil, io.EOF:
			if err == io.EOF && first && len(lr.buf) == 0 {
				return Piece{}, io.EOF
			}
			if first {
				lr.lineNo++
			}
			lr.inLine = false
			return Piece{LineNo: lr.lineNo, Offset: start, Text: bytes.TrimRight(lr.buf, "\r\n"), Overlap: overlap, First: first, Last: true}, nil
		default:
			return Piece{}, err
		}
	}
}
