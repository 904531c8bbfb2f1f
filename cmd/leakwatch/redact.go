package main

import (
	"bytes"
	"crypto/rand"
	"io"
	"os"
	"sync"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/queries"
)

// redactingWriter masks, line by line, anything the built-in catalogue recognises before it
// reaches the terminal: the last line of defence for stderr, where an error could quote a
// value the user mistyped into the wrong config field. The detector is built on first use
// (an ephemeral key: previews only, fingerprints are not shown).
type redactingWriter struct {
	w    io.Writer
	once sync.Once
	det  *detector.Detector
	mu   sync.Mutex
	buf  []byte
}

func newRedactingWriter(w io.Writer) *redactingWriter { return &redactingWriter{w: w} }

func (r *redactingWriter) detector() *detector.Detector {
	r.once.Do(func() {
		key := make([]byte, 32)
		_, _ = rand.Read(key)
		r.det, _ = detector.New(queries.Catalog(), detector.Options{Key: key, Allow: detector.DefaultAllow})
	})
	return r.det
}

func (r *redactingWriter) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.buf = append(r.buf, p...)
	for {
		// A carriage return ends a line too: a progress bar redraws with it.
		i := bytes.IndexAny(r.buf, "\n\r")
		if i < 0 {
			break
		}
		if err := r.emit(r.buf[:i+1]); err != nil {
			return 0, err
		}
		r.buf = r.buf[i+1:]
	}
	return len(p), nil
}

// Stat reports on the wrapped stream, so terminal detection sees through the wrapper.
func (r *redactingWriter) Stat() (os.FileInfo, error) {
	if f, ok := r.w.(interface{ Stat() (os.FileInfo, error) }); ok {
		return f.Stat()
	}
	return nil, os.ErrInvalid
}

// Flush writes a last line without a newline.
func (r *redactingWriter) Flush() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.buf) == 0 {
		return nil
	}
	err := r.emit(r.buf)
	r.buf = nil
	return err
}

func (r *redactingWriter) emit(line []byte) error {
	out := []byte(r.detector().Redact(string(line)))
	_, err := r.w.Write(out)
	return err
}
