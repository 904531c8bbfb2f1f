package corpus

import (
	"fmt"
	"io"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/linereader"
)

// Scan reads r through the line reader and runs d over every piece, the way the file source
// does, reporting each finding with its 1-based line and byte range in the whole line.
// It returns the bytes read.
func Scan(r io.Reader, d *detector.Detector, found func(line, start, end int, f detector.Finding)) (int64, error) {
	lr := linereader.New(r, 0, 0)
	var lineStart int64
	for {
		p, err := lr.Next()
		if err == io.EOF {
			return lr.Offset(), nil
		}
		if err != nil {
			return lr.Offset(), fmt.Errorf("corpus scan: read: %w", err)
		}
		if p.First {
			lineStart = p.Offset
		}
		base := int(p.Offset - lineStart)
		d.Scan(p.Text, p.Overlap, func(f detector.Finding) {
			found(p.LineNo, base+f.Start, base+f.End, f)
		})
	}
}
