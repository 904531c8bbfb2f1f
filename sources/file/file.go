// Package file scans log files: globs, directories, rotation, truncation and gzip.
//
// The file source is driven by its checkpoint, not by the time window: each Scan reads what
// was appended to every matching file since the position recorded in Request.Checkpoint, and
// every page it emits carries the position after that page, so a scan that dies mid-file
// resumes after the last recorded page.
//
// Files are tracked by (device, inode) plus a fingerprint of their first KiB, which makes
// the usual rotations safe:
//   - rename + create (logrotate "create"): the old inode keeps its position under its new
//     name (found in the same directory even when the new name no longer matches a pattern),
//     so lines written just before the rotation are still read; the new file starts at 0.
//   - copytruncate: the same inode shrinks or its head or the bytes before the resume
//     position change; reading restarts at 0.
//   - compression (app.log.1 -> app.log.1.gz): a gzip file (detected by its magic bytes) is a
//     new inode and is read once, completely, never resumed by offset. Its lines get the same
//     IDs as when they were read uncompressed (see Line IDs), so re-reading them adds no
//     sighting.
//   - a copied file (same content, new inode) is a new file and read from 0; its line IDs
//     equal the original's, so it adds no sighting either.
//
// Line IDs are "<first 16 hex digits of sha256(first up to 1 KiB of content)>:<byte offset
// of the piece>": independent of path, inode and compression, and identical on every
// re-read of the same content. Two limits: a file smaller than 1 KiB gets a new stem once it
// grows, so lines re-read after a crash during that phase may count one extra sighting; two
// different files with the same first KiB share a stem (sightings are also keyed by the
// secret's fingerprint, so at worst one sighting of the same secret is counted once).
//
// Line.Time is the file's modification time when it was opened: the latest moment any of its
// lines can have been written, and, for lines appended since the previous scan, close to
// their real time. Files carry no reliable per-line time, and the scan time would misdate
// old files read for the first time.
package file

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/leakwatch/leakwatch/internal/linereader"
	"github.com/leakwatch/leakwatch/sources"
)

// Defaults for Config's zero values.
const (
	DefaultMaxLineBytes = linereader.DefaultMax
	DefaultPageLines    = 1000
	DefaultPageBytes    = 4 << 20
	// MinMaxLineBytes is the smallest piece accepted. Below 32 KiB the line reader shrinks
	// the overlap between pieces to a quarter of a piece, so a secret longer than that (a
	// one-line PEM key) could be cut by a split.
	MinMaxLineBytes = 4 << 10
)

// Config configures a file source.
type Config struct {
	Name string
	// Paths are globs (filepath.Match syntax) or literal paths; a directory means every
	// regular file under it, recursively.
	Paths []string
	// Exclude globs drop files (and directories) by full path, or by base name when the
	// pattern has no separator.
	Exclude []string
	// MaxLineBytes is the largest piece a long line is split into (default 1 MiB).
	MaxLineBytes int
	// PageLines and PageBytes bound a page (defaults 1000 lines, 4 MiB of text). A single
	// piece always fits in a page.
	PageLines int
	PageBytes int
	Logger    *slog.Logger
}

// Source is a file source. It keeps no state between scans beyond its configuration (the
// position lives in the checkpoint), so concurrent scans are safe.
type Source struct {
	cfg    Config
	log    *slog.Logger
	redact func(string) string
}

// RedactPaths makes the checkpoint store paths through redact (the detector's): a secret in
// a file's path is log data as much as one in its lines. Call it before the first scan.
func (s *Source) RedactPaths(redact func(string) string) { s.redact = redact }

var _ sources.Source = (*Source)(nil)

// checkPatterns is the one check of the paths and exclude globs (a block's Validate and New
// run it); errors start with the key at fault.
func checkPatterns(field string, in []string) error {
	for i, p := range in {
		if p == "" {
			return fmt.Errorf("%s[%d]: empty pattern", field, i)
		}
		if _, err := filepath.Match(p, ""); err != nil {
			return fmt.Errorf("%s[%d]: bad glob pattern %q: %w", field, i, p, err)
		}
	}
	return nil
}

// New validates cfg and fills its defaults. Relative paths are made absolute.
func New(cfg Config) (*Source, error) {
	if cfg.Name == "" {
		return nil, errors.New("name: required")
	}
	if len(cfg.Paths) == 0 {
		return nil, errors.New("paths: at least one path or glob is required")
	}
	norm := func(field string, in []string) ([]string, error) {
		if err := checkPatterns(field, in); err != nil {
			return nil, err
		}
		out := make([]string, len(in))
		for i, p := range in {
			if !filepath.IsAbs(p) && (field == "paths" || bytes.ContainsRune([]byte(p), filepath.Separator)) {
				abs, err := filepath.Abs(p)
				if err != nil {
					return nil, fmt.Errorf("%s[%d]: %w", field, i, err)
				}
				p = abs
			}
			out[i] = p
		}
		return out, nil
	}
	var err error
	if cfg.Paths, err = norm("paths", cfg.Paths); err != nil {
		return nil, err
	}
	if cfg.Exclude, err = norm("exclude", cfg.Exclude); err != nil {
		return nil, err
	}
	switch {
	case cfg.MaxLineBytes == 0:
		cfg.MaxLineBytes = DefaultMaxLineBytes
	case cfg.MaxLineBytes < MinMaxLineBytes:
		return nil, fmt.Errorf("max_line_bytes: %d is below the minimum %d", cfg.MaxLineBytes, MinMaxLineBytes)
	}
	switch {
	case cfg.PageLines == 0:
		cfg.PageLines = DefaultPageLines
	case cfg.PageLines < 0:
		return nil, fmt.Errorf("page_lines: %d must be positive", cfg.PageLines)
	}
	switch {
	case cfg.PageBytes == 0:
		cfg.PageBytes = max(DefaultPageBytes, cfg.MaxLineBytes)
	case cfg.PageBytes < cfg.MaxLineBytes:
		return nil, fmt.Errorf("page_bytes: %d must be at least max_line_bytes (%d)", cfg.PageBytes, cfg.MaxLineBytes)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Source{cfg: cfg, log: cfg.Logger.With("source", cfg.Name)}, nil
}

// Name returns the configured name.
func (s *Source) Name() string { return s.cfg.Name }

// Scan reads every matching file from its checkpointed position to its current end and
// emits pages, each with the checkpoint after it. req.Window and req.Filter are not used
// (the detector filters; the position, not the time, says what is new). When nothing changed
// since req.Checkpoint, no page is emitted; a page without lines may be emitted to record a
// state change alone (a file finished, a rotated file forgotten).
//
// A file that cannot be read (permissions, I/O, corrupt gzip) fails the scan with an error
// naming it: a skipped file would be an unseen coverage hole. Files that vanish between
// listing and opening are skipped.
func (s *Source) Scan(ctx context.Context, req sources.Request, emit func(context.Context, sources.Page) error) error {
	st, err := decodeState(req.Checkpoint)
	if err != nil {
		// Starting afresh re-reads every file but skips nothing.
		s.log.Warn("file source: ignoring checkpoint, reading all files from the start", "err", err)
	}
	paths, err := match(s.cfg.Paths, s.cfg.Exclude, s.log)
	if err != nil {
		return fmt.Errorf("file source %s: %w", s.cfg.Name, err)
	}
	sc := &scan{s: s, ctx: ctx, emit: emit, st: st, seen: map[fileKey]bool{}, last: req.Checkpoint}
	for _, p := range paths {
		if err := sc.file(p); err != nil {
			return sc.wrap(err)
		}
	}
	// Tracked files no pattern matched any more: a rotation renamed them. Finish them under
	// their new name so lines written just before the rotation are not lost.
	var missing []*entry
	for k, e := range st {
		if !sc.seen[k] && !e.Gzip {
			missing = append(missing, e)
		}
	}
	slices.SortFunc(missing, func(a, b *entry) int { return cmpU(a.Ino, b.Ino) })
	dirs := map[string]map[fileKey]string{}
	for _, e := range missing {
		p, err := moved(dirs, e)
		if err != nil {
			return sc.wrap(err)
		}
		if p != "" {
			s.log.Debug("file source: following rotated file", "from", e.Path, "to", p)
			if err := sc.file(p); err != nil {
				return sc.wrap(err)
			}
		}
	}
	for k := range st {
		if !sc.seen[k] {
			delete(st, k) // gone: nothing more to read from it
		}
	}
	return sc.wrap(sc.flush())
}

// moved finds the file that e describes in e's directory (by device and inode).
func moved(dirs map[string]map[fileKey]string, e *entry) (string, error) {
	dir := filepath.Dir(e.Path)
	byKey, ok := dirs[dir]
	if !ok {
		byKey = map[fileKey]string{}
		ents, err := os.ReadDir(dir)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("list %s to follow a rotated file: %w (check the permissions of leakwatch's user)", dir, err)
		}
		for _, d := range ents {
			if !d.Type().IsRegular() {
				continue
			}
			fi, err := d.Info()
			if err != nil {
				continue // removed meanwhile
			}
			byKey[keyOf(fi, filepath.Join(dir, d.Name()))] = filepath.Join(dir, d.Name())
		}
		dirs[dir] = byKey
	}
	return byKey[e.key()], nil
}

func keyOf(fi fs.FileInfo, path string) fileKey {
	if k, ok := idOf(fi); ok {
		return k
	}
	h := fnv.New64a()
	h.Write([]byte(path))
	return fileKey{Ino: h.Sum64()}
}

// emitError marks an error returned by emit, passed through unchanged.
type emitError struct{ err error }

func (e *emitError) Error() string { return e.err.Error() }
func (e *emitError) Unwrap() error { return e.err }

type scan struct {
	s    *Source
	ctx  context.Context
	emit func(context.Context, sources.Page) error
	st   map[fileKey]*entry
	seen map[fileKey]bool
	last []byte // the last checkpoint handed out (or received)

	page      []sources.Line
	pageBytes int
	// The plain file being read: its entry's tail fingerprint is refreshed before encoding.
	cur      *os.File
	curEntry *entry
	curTail  int64 // offset curEntry.Tail was computed at
}

func (sc *scan) wrap(err error) error {
	var ee *emitError
	if err == nil || errors.As(err, &ee) {
		return err
	}
	return fmt.Errorf("file source %s: %w", sc.s.cfg.Name, err)
}

func (sc *scan) add(l sources.Line) error {
	if len(sc.page) > 0 && (len(sc.page) >= sc.s.cfg.PageLines || sc.pageBytes+len(l.Text) > sc.s.cfg.PageBytes) {
		if err := sc.flush(); err != nil {
			return err
		}
	}
	if sc.page == nil {
		sc.page = make([]sources.Line, 0, min(sc.s.cfg.PageLines, 4096))
	}
	sc.page = append(sc.page, l)
	sc.pageBytes += len(l.Text)
	return nil
}

// flush emits the pending lines with the current state, or the state alone if it changed.
func (sc *scan) flush() error {
	if err := sc.flushTail(); err != nil {
		return err
	}
	cp := encodeState(sc.st, sc.s.redact)
	if len(sc.page) == 0 && bytes.Equal(cp, sc.last) {
		return nil
	}
	page := sources.Page{Lines: sc.page, Checkpoint: cp}
	sc.page, sc.pageBytes, sc.last = nil, 0, cp
	if err := sc.emit(sc.ctx, page); err != nil {
		return &emitError{err}
	}
	return nil
}

// file reads one file from its recorded position.
func (sc *scan) file(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		sc.s.log.Debug("file source: file vanished before it could be read, skipped", "path", path)
		return nil
	}
	if err != nil {
		return fmt.Errorf("open %s: %w (grant leakwatch's user read access or exclude the file)", path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("stat %s: %w", path, err)
	}
	if !fi.Mode().IsRegular() {
		return nil
	}
	key := keyOf(fi, path)
	if sc.seen[key] {
		return nil // a hard link or a second pattern: read once
	}
	sc.seen[key] = true
	var magic [2]byte
	n, err := f.ReadAt(magic[:], 0)
	if err != nil && err != io.EOF {
		return fmt.Errorf("read %s: %w", path, err)
	}
	if isGzip(magic[:n]) {
		return sc.gzipFile(f, path, fi, key)
	}
	return sc.plainFile(f, path, fi, key)
}

func (sc *scan) plainFile(f *os.File, path string, fi fs.FileInfo, key fileKey) error {
	size := fi.Size()
	headLen := int(min(size, fpLen))
	head, err := hashRange(f, 0, headLen)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	e := &entry{Path: path, Dev: key.Dev, Ino: key.Ino, Size: size, HeadLen: headLen, Head: head, Tail: hashBytes(nil)}
	flushPartial := false
	if old := sc.st[key]; old != nil && !old.Gzip {
		reason, err := changed(f, old, size)
		if err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
		if reason == "" {
			e.Offset, e.Lines, e.Tail, e.Pending, e.PartialDone = old.Offset, old.Lines, old.Tail, old.Pending, old.PartialDone
			flushPartial = old.Pending == size
		} else {
			sc.s.log.Info("file source: file truncated or replaced, reading it from the start", "path", path, "reason", reason)
		}
	}
	sc.st[key] = e
	sc.cur, sc.curEntry, sc.curTail = f, e, e.Offset
	defer func() { sc.cur, sc.curEntry = nil, nil }()
	if e.Offset >= size || e.PartialDone == size {
		return nil // nothing new (the unterminated tail was scanned at this size already)
	}
	// An unterminated last line may be a write in progress: it is held back until the file
	// has stayed at the same size for one scan interval (then it is the file's real end).
	var last [1]byte
	if _, err := f.ReadAt(last[:], size-1); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	partial := last[0] != '\n'

	base, baseLines := e.Offset, e.Lines
	lr := linereader.New(io.NewSectionReader(f, base, size-base), sc.s.cfg.MaxLineBytes, 0)
	mk := lineMaker(path, head[:16], fi.ModTime())
	for {
		if err := sc.ctx.Err(); err != nil {
			return err
		}
		p, err := lr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
		end := base + lr.Offset()
		tail := p.Last && partial && end == size
		if tail && !flushPartial {
			e.Pending = size
			break
		}
		lineNo := baseLines + int64(p.LineNo)
		if err := sc.add(mk(p, base, lineNo)); err != nil {
			return err
		}
		switch {
		case tail:
			// Quiet for an interval: scanned as it is, in case it is the file's real end, but
			// the offset stays at its start so its completion is read whole.
			e.PartialDone = size
		case p.Last:
			e.Offset, e.Lines, e.Pending, e.PartialDone = end, lineNo, 0, 0
		}
	}
	return sc.flushTail()
}

// flushTail refreshes the current file's tail fingerprint (no emit).
func (sc *scan) flushTail() error {
	if e := sc.curEntry; e != nil && sc.curTail != e.Offset {
		t, err := tailHash(sc.cur, e.Offset)
		if err != nil {
			return fmt.Errorf("read %s: %w", e.Path, err)
		}
		e.Tail, sc.curTail = t, e.Offset
	}
	return nil
}

// changed says why a tracked file must be read from the start again ("" when it need not).
func changed(f *os.File, old *entry, size int64) (string, error) {
	if size < old.Size || size < old.Offset {
		return "size shrank", nil
	}
	if h, err := hashRange(f, 0, old.HeadLen); err != nil {
		return "", err
	} else if h != old.Head {
		return "first KiB changed", nil
	}
	if old.Offset > 0 {
		if t, err := tailHash(f, old.Offset); err != nil {
			return "", err
		} else if t != old.Tail {
			return "content before the resume position changed", nil
		}
	}
	return "", nil
}

func (sc *scan) gzipFile(f *os.File, path string, fi fs.FileInfo, key fileKey) error {
	size := fi.Size()
	headLen := int(min(size, fpLen))
	head, err := hashRange(f, 0, headLen)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	if old := sc.st[key]; old != nil && old.Gzip && old.Done && old.Size == size && old.Head == head {
		return nil // read completely before
	}
	// Not done until the last page: a scan that dies inside re-reads it from the start.
	e := &entry{Path: path, Dev: key.Dev, Ino: key.Ino, Size: size, HeadLen: headLen, Head: head, Gzip: true}
	sc.st[key] = e
	var mk func(linereader.Piece, int64, int64) sources.Line
	err = readPieces(sc.ctx, io.NewSectionReader(f, 0, 1<<62), sc.s.cfg.MaxLineBytes, func(stem string, p linereader.Piece) error {
		if mk == nil {
			mk = lineMaker(path, stem, fi.ModTime())
		}
		return sc.add(mk(p, 0, int64(p.LineNo)))
	})
	var ee *emitError
	switch {
	case err == nil:
		e.Done = true
		return nil
	case errors.As(err, &ee) || sc.ctx.Err() != nil:
		return err
	}
	if now, serr := f.Stat(); serr == nil && now.Size() != size {
		// Still being written (logrotate compressing right now): read it next time.
		sc.s.log.Warn("file source: gzip file is still being written, reading it at the next scan", "path", path)
		return nil
	}
	return fmt.Errorf("read %s: %w (the gzip file is damaged: repair it or exclude it)", path, err)
}

// lineMaker builds Lines for one file; it copies piece bytes (the reader reuses its buffer).
// The Labels map is shared by the lines of one file: treat it as read-only.
func lineMaker(path, stem string, t time.Time) func(p linereader.Piece, base, lineNo int64) sources.Line {
	labels := map[string]string{"path": path}
	link := ""
	if path != "" && path != "-" {
		abs, err := filepath.Abs(path)
		if err == nil {
			link = (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String() + "#L"
		}
	}
	return func(p linereader.Piece, base, lineNo int64) sources.Line {
		n := strconv.FormatInt(lineNo, 10)
		l := sources.Line{
			Time:     t,
			Text:     bytes.Clone(p.Text),
			Overlap:  min(p.Overlap, len(p.Text)), // consumers slice Text[Overlap:]
			Labels:   labels,
			ID:       stem + ":" + strconv.FormatInt(base+p.Offset, 10),
			Location: path + ":" + n,
		}
		if l.Text == nil {
			l.Text = []byte{}
		}
		if link != "" {
			l.Link = link + n
		}
		return l
	}
}
