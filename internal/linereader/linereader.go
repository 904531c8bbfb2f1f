// Package linereader splits a byte stream into lines with bounded memory: a line longer than
// the limit comes out as several pieces, each repeating the last Overlap bytes of the previous
// one so that a secret cut by a split is still seen whole in one piece.
package linereader

import (
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
	r       io.Reader
	max     int
	overlap int
	// buf[lo:hi] is read but not yet consumed; buf[0] is at stream offset base.
	buf    []byte
	lo, hi int
	base   int64
	// scanned: buf[lo:lo+scanned] is known to hold no newline.
	scanned int
	lineNo  int
	inLine  bool // the previous piece did not end its line
	carry   int  // overlap bytes at buf[lo:] repeating the previous piece
	err     error
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
	max = builtinMax(max, 16)
	if overlap <= 0 {
		overlap = DefaultOverlap
	}
	if overlap*2 >= max {
		overlap = max / 4
	}
	// One byte beyond max tells a line of exactly max bytes from a longer one.
	return &Reader{r: r, max: max, overlap: overlap, buf: make([]byte, max+1)}
}

// Offset is the stream offset just after the last piece returned (the resume position
// once a piece with Last set was consumed).
func (lr *Reader) Offset() int64 { return lr.base + int64(lr.lo) + int64(lr.carry) }

// Next returns the next piece or io.EOF. A final line without a newline is returned. A read
// error is returned as soon as the buffered data cannot complete the piece; it is sticky.
func (lr *Reader) Next() (Piece, error) {
	for {
		data := lr.buf[lr.lo:lr.hi]
		if i := bytes.IndexByte(data[lr.scanned:], '\n'); i >= 0 {
			if n := lr.scanned + i; n <= lr.max {
				return lr.emit(n, n+1, true), nil
			}
		}
		lr.scanned = len(data)
		if len(data) > lr.max {
			return lr.emit(lr.cut(data), 0, false), nil
		}
		if lr.err != nil {
			if lr.err == io.EOF && (len(data) > 0 || lr.inLine) {
				return lr.emit(len(data), len(data), true), nil
			}
			return Piece{}, lr.err
		}
		lr.fill()
	}
}

// fill reads more, first moving unconsumed bytes to the front. Only the current line is
// unconsumed, so each byte moves at most once per piece.
func (lr *Reader) fill() {
	if lr.lo > 0 && len(lr.buf)-lr.hi < len(lr.buf)/2 {
		n := copy(lr.buf, lr.buf[lr.lo:lr.hi])
		lr.base += int64(lr.lo)
		lr.lo, lr.hi = 0, n
	}
	for range 100 {
		n, err := lr.r.Read(lr.buf[lr.hi:])
		lr.hi += n
		if err != nil {
			lr.err = err
		}
		if n > 0 || err != nil {
			return
		}
	}
	lr.err = io.ErrNoProgress
}

// cut picks where a piece of a long line ends: after the last separator (space, quote,
// bracket, comma, …) in its final overlap bytes, so a token is not split at the end of the
// piece where a variable-length rule would see a shorter, different secret. Without one
// (a long blob) the piece ends at max.
func (lr *Reader) cut(data []byte) int {
	for n := lr.max; n > lr.max-lr.overlap; n-- {
		if isSeparator(data[n-1]) {
			return n
		}
	}
	return lr.max
}

func isSeparator(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', '\v', '\f', '"', '\'', '`', ',', ';', '&', '|', '(', ')', '[', ']', '{', '}', '<', '>':
		return true
	}
	return false
}

// emit returns data[:n] as a piece and consumes up to next (a line end) or, for a piece
// that does not end its line, keeps its last overlap bytes for the next piece.
func (lr *Reader) emit(n, next int, last bool) Piece {
	text := lr.buf[lr.lo : lr.lo+n]
	p := Piece{LineNo: lr.lineNo, Offset: lr.base + int64(lr.lo), Text: text, Overlap: lr.carry, First: !lr.inLine, Last: last}
	if p.First {
		lr.lineNo++
		p.LineNo = lr.lineNo
	}
	if last {
		if len(p.Text) > p.Overlap && p.Text[len(p.Text)-1] == '\r' {
			p.Text = p.Text[:len(p.Text)-1]
		}
		lr.lo += next
		lr.carry, lr.inLine = 0, false
	} else {
		lr.lo += n - lr.overlap
		lr.carry, lr.inLine = lr.overlap, true
	}
	lr.scanned = lr.carry
	return p
}

func builtinMax(a, b int) int {
	if a > b {
		return a
	}
	return b
}
