package file

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"time"

	"github.com/leakwatch/leakwatch/internal/linereader"
	"github.com/leakwatch/leakwatch/sources"
)

// ReadStream reads one stream without checkpoints (the scan command: a file or stdin) and
// calls fn for every line or piece of a long line, in order, with bounded memory. A stream
// starting with the gzip magic bytes is decompressed whatever its name. name labels the lines
// ("path" label, Location "<name>:<line>", a file:// Link unless name is "" or "-"); line IDs
// follow the file source's scheme, so they equal those the daemon gives the same content.
// Time is when ReadStream started. Text is a copy fn may keep. maxLine <= 0 means
// DefaultMaxLineBytes. An error from fn stops the read and is returned unchanged.
func ReadStream(ctx context.Context, r io.Reader, name string, maxLine int, fn func(sources.Line) error) error {
	if maxLine <= 0 {
		maxLine = DefaultMaxLineBytes
	}
	now := time.Now()
	var mk func(linereader.Piece, int64, int64) sources.Line
	var fnErr error
	err := readPieces(ctx, r, maxLine, func(stem string, p linereader.Piece) error {
		if mk == nil {
			mk = lineMaker(name, stem, now)
		}
		if err := fn(mk(p, 0, int64(p.LineNo))); err != nil {
			fnErr = err
			return err
		}
		return nil
	})
	if err != nil && err == fnErr {
		return err
	}
	if err != nil && ctx.Err() == nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	return err
}

// readPieces splits r (decompressed when it starts with the gzip magic) into pieces and
// calls fn with each and the ID stem: the first 16 hex digits of the sha256 of the first
// KiB of the decompressed content.
func readPieces(ctx context.Context, r io.Reader, maxLine int, fn func(stem string, p linereader.Piece) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	if magic, _ := br.Peek(2); isGzip(magic) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("gzip header: %w", err)
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 64<<10)
	}
	head, err := br.Peek(fpLen)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return err
	}
	stem := hashBytes(head)[:16]
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
		if err := fn(stem, p); err != nil {
			return err
		}
	}
}
