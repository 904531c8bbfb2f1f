package file

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"io"

	"github.com/leakwatch/leakwatch/internal/linereader"
)

// ReadPieces reads one stream without checkpoints (a file or stdin) and calls fn for every
// line or piece of a long line (the linereader pieces: offsets in the decompressed stream,
// first/last piece of a line), in order, as soon as it is read (a slow stdin's lines are not
// held back), with bounded memory. A stream starting with the gzip magic bytes is
// decompressed whatever its name; name is what errors call the stream. maxLine <= 0 means
// DefaultMaxLineBytes. p.Text is valid only until fn returns. An error from fn stops the
// read and is returned unchanged.
func ReadPieces(ctx context.Context, r io.Reader, name string, maxLine int, fn func(linereader.Piece) error) error {
	if maxLine <= 0 {
		maxLine = DefaultMaxLineBytes
	}
	var fnErr error
	err := func() error {
		br, closeGzip, err := decompress(r)
		if err != nil {
			return err
		}
		defer closeGzip()
		return eachPiece(ctx, br, maxLine, func(p linereader.Piece) error {
			if err := fn(p); err != nil {
				fnErr = err
				return err
			}
			return nil
		})
	}()
	if err != nil && err == fnErr {
		return err
	}
	if err != nil && ctx.Err() == nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	return err
}

// decompress returns r's content: decompressed when r starts with the gzip magic bytes.
func decompress(r io.Reader) (*bufio.Reader, func() error, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if magic, _ := br.Peek(2); isGzip(magic) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, nil, fmt.Errorf("gzip header: %w", err)
		}
		return bufio.NewReaderSize(zr, 64<<10), zr.Close, nil
	}
	return br, func() error { return nil }, nil
}

// eachPiece splits br into pieces and calls fn with each as soon as it is read.
func eachPiece(ctx context.Context, br *bufio.Reader, maxLine int, fn func(linereader.Piece) error) error {
	lr := linereader.New(br, maxLine, 0)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		p, err := lr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(p); err != nil {
			return err
		}
	}
}

// readPieces is the file source's read of a gzip file: decompressed pieces and the ID stem,
// the first 16 hex digits of the sha256 of the first KiB of the decompressed content. (A
// file is complete, so waiting for its head costs nothing.)
func readPieces(ctx context.Context, r io.Reader, maxLine int, fn func(stem string, p linereader.Piece) error) error {
	br, closeGzip, err := decompress(r)
	if err != nil {
		return err
	}
	defer closeGzip()
	head, err := br.Peek(fpLen)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return err
	}
	stem := hashBytes(head)[:16]
	return eachPiece(ctx, br, maxLine, func(p linereader.Piece) error { return fn(stem, p) })
}
