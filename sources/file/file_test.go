package file

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/internal/linereader"
	"github.com/leakwatch/leakwatch/sources"
)

type result struct {
	pages []sources.Page
	lines []sources.Line
	cp    []byte // the checkpoint to pass to the next scan
}

func (r result) texts() []string {
	var out []string
	for _, l := range r.lines {
		out = append(out, string(l.Text))
	}
	return out
}

func doScan(t *testing.T, src *Source, cp []byte) result {
	t.Helper()
	r := result{cp: cp}
	err := src.Scan(context.Background(), sources.Request{Checkpoint: cp}, func(_ context.Context, p sources.Page) error {
		if p.Checkpoint == nil {
			t.Fatal("page without checkpoint")
		}
		r.pages = append(r.pages, p)
		r.lines = append(r.lines, p.Lines...)
		r.cp = p.Checkpoint
		return nil
	})
	if err != nil {
		t.Fatalf("scan: %v", err)
	}
	return r
}

func newSrc(t *testing.T, cfg Config) *Source {
	t.Helper()
	if cfg.Name == "" {
		cfg.Name = "files"
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func appendTo(t *testing.T, path, content string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(content); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func numbered(prefix string, from, to int) string {
	var b strings.Builder
	for i := from; i <= to; i++ {
		fmt.Fprintf(&b, "%s line %d\n", prefix, i)
	}
	return b.String()
}

func lines(prefix string, from, to int) []string {
	return strings.Split(strings.TrimSuffix(numbered(prefix, from, to), "\n"), "\n")
}

func gz(t *testing.T, content string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write([]byte(content)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func equal(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Fatalf("%s:\n got  %q\n want %q", what, got, want)
	}
}

func TestNewValidation(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string // substring of the error; "" means valid
	}{
		{"valid", Config{Name: "f", Paths: []string{"/var/log/*.log"}}, ""},
		{"no name", Config{Paths: []string{"/x"}}, "name:"},
		{"no paths", Config{Name: "f"}, "paths:"},
		{"bad glob", Config{Name: "f", Paths: []string{"/ok/*.log", "/bad/[.log"}}, "paths[1]: bad glob pattern"},
		{"empty path", Config{Name: "f", Paths: []string{""}}, "paths[0]: empty"},
		{"bad exclude", Config{Name: "f", Paths: []string{"/x"}, Exclude: []string{"[z"}}, "exclude[0]: bad glob pattern"},
		{"tiny pieces", Config{Name: "f", Paths: []string{"/x"}, MaxLineBytes: 100}, "max_line_bytes:"},
		{"negative page lines", Config{Name: "f", Paths: []string{"/x"}, PageLines: -1}, "page_lines:"},
		{"page smaller than piece", Config{Name: "f", Paths: []string{"/x"}, PageBytes: 64 << 10}, "page_bytes:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := New(tc.cfg)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				if s.cfg.PageLines != DefaultPageLines || s.cfg.PageBytes != DefaultPageBytes || s.cfg.MaxLineBytes != DefaultMaxLineBytes {
					t.Fatalf("defaults not applied: %+v", s.cfg)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestAppendBetweenScans(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "app.log")
	write(t, p, numbered("a", 1, 3))
	src := newSrc(t, Config{Paths: []string{filepath.Join(dir, "*.log")}})

	r1 := doScan(t, src, nil)
	equal(t, "first scan", r1.texts(), lines("a", 1, 3))

	appendTo(t, p, numbered("a", 4, 5))
	r2 := doScan(t, src, r1.cp)
	equal(t, "second scan", r2.texts(), lines("a", 4, 5))
	if got := r2.lines[0].Location; got != p+":4" {
		t.Fatalf("location %q, want numbering continued from the checkpoint (%s:4)", got, p)
	}
	if got, want := r2.lines[1].Link, "file://"+p+"#L5"; got != want {
		t.Fatalf("link %q, want %q", got, want)
	}
	if r2.lines[0].Labels["path"] != p {
		t.Fatalf("labels %v", r2.lines[0].Labels)
	}

	r3 := doScan(t, src, r2.cp)
	if len(r3.pages) != 0 {
		t.Fatalf("nothing changed but %d pages were emitted", len(r3.pages))
	}
}

func TestResumeFromPageCheckpoint(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.log"), numbered("a", 1, 7))
	write(t, filepath.Join(dir, "b.log"), numbered("b", 1, 5))
	src := newSrc(t, Config{Paths: []string{dir}, PageLines: 3})

	full := doScan(t, src, nil)
	if len(full.pages) != 4 { // 12 lines in pages of 3
		t.Fatalf("%d pages, want 4", len(full.pages))
	}
	for crashAfter := range full.pages {
		t.Run(fmt.Sprintf("after page %d", crashAfter+1), func(t *testing.T) {
			resumed := doScan(t, src, full.pages[crashAfter].Checkpoint)
			var want []sources.Line
			for _, p := range full.pages[crashAfter+1:] {
				want = append(want, p.Lines...)
			}
			if len(resumed.lines) != len(want) {
				t.Fatalf("resumed with %q, want the %d lines after page %d", resumed.texts(), len(want), crashAfter+1)
			}
			for i := range want {
				g, w := resumed.lines[i], want[i]
				if string(g.Text) != string(w.Text) || g.ID != w.ID || g.Location != w.Location {
					t.Fatalf("line %d: got %q %s %s, want %q %s %s", i, g.Text, g.ID, g.Location, w.Text, w.ID, w.Location)
				}
			}
		})
	}
}

func TestRotationRenameCreate(t *testing.T) {
	for _, tc := range []struct {
		name    string
		pattern string // does the rotated name still match?
	}{
		{"rotated name not matched", "*.log"},
		{"rotated name matched", "app.log*"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "app.log")
			write(t, p, numbered("old", 1, 3))
			src := newSrc(t, Config{Paths: []string{filepath.Join(dir, tc.pattern)}})
			r1 := doScan(t, src, nil)
			equal(t, "first scan", r1.texts(), lines("old", 1, 3))

			appendTo(t, p, numbered("old", 4, 5)) // written just before the rotation
			if err := os.Rename(p, p+".1"); err != nil {
				t.Fatal(err)
			}
			write(t, p, numbered("new", 1, 2))

			r2 := doScan(t, src, r1.cp)
			got := r2.texts()
			slices.Sort(got)
			want := append(lines("new", 1, 2), lines("old", 4, 5)...)
			slices.Sort(want)
			equal(t, "after rotation", got, want)
			for _, l := range r2.lines {
				if strings.HasPrefix(string(l.Text), "old line 4") && l.Location != p+".1:4" {
					t.Fatalf("rotated line location %q, want %s.1:4", l.Location, p)
				}
			}

			r3 := doScan(t, src, r2.cp)
			if len(r3.lines) != 0 {
				t.Fatalf("third scan re-read %q", r3.texts())
			}
		})
	}
}

func TestCopytruncate(t *testing.T) {
	head := strings.Repeat("identical banner line that fills the first KiB\n", 30) // > 1 KiB
	tests := []struct {
		name        string
		before, add string // content at the first scan; content after the truncation
	}{
		{"shorter content", numbered("before", 1, 5), numbered("after", 1, 2)},
		{"longer content, different head", numbered("before", 1, 2), numbered("after", 1, 9)},
		{"same first KiB, regrown past the old offset", head + numbered("before", 1, 2), head + numbered("after", 1, 4)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "app.log")
			write(t, p, tc.before)
			src := newSrc(t, Config{Paths: []string{p}})
			r1 := doScan(t, src, nil)
			// copytruncate: the content is copied away and the same inode truncated in place.
			write(t, p+".1", tc.before)
			if err := os.Truncate(p, 0); err != nil {
				t.Fatal(err)
			}
			appendTo(t, p, tc.add)
			r2 := doScan(t, src, r1.cp)
			equal(t, "after copytruncate", r2.texts(), strings.Split(strings.TrimSuffix(tc.add, "\n"), "\n"))
			if r2.lines[0].Location != p+":1" {
				t.Fatalf("numbering not restarted: %s", r2.lines[0].Location)
			}
		})
	}
}

func TestGzipReadOnce(t *testing.T) {
	dir := t.TempDir()
	content := numbered("z", 1, 2000) // > 1 KiB so the ID stem is the full head
	plain := filepath.Join(dir, "app.log.1")
	write(t, plain, content)
	src := newSrc(t, Config{Paths: []string{filepath.Join(dir, "app.log*")}, PageLines: 500})
	r1 := doScan(t, src, nil)

	// logrotate compresses app.log.1: the .gz is a new inode with the same content.
	if err := os.WriteFile(plain+".gz", gz(t, content), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(plain); err != nil {
		t.Fatal(err)
	}
	r2 := doScan(t, src, r1.cp)
	equal(t, "gzip read completely", r2.texts(), lines("z", 1, 2000))
	for i := range r1.lines {
		if r1.lines[i].ID != r2.lines[i].ID {
			t.Fatalf("line %d: ID %s plain, %s gzip: the rotated-and-compressed line must keep its ID", i+1, r1.lines[i].ID, r2.lines[i].ID)
		}
	}
	if r2.lines[9].Location != plain+".gz:10" {
		t.Fatalf("location %s", r2.lines[9].Location)
	}

	r3 := doScan(t, src, r2.cp)
	if len(r3.pages) != 0 {
		t.Fatalf("gzip read again: %d lines", len(r3.lines))
	}

	// A scan that dies inside a gzip file re-reads it from the start next time.
	boom := errors.New("engine down")
	n := 0
	err := src.Scan(context.Background(), sources.Request{Checkpoint: r1.cp}, func(_ context.Context, p sources.Page) error {
		if n++; n == 2 {
			return boom
		}
		r1.cp = p.Checkpoint // page 1's checkpoint is what the engine recorded
		return nil
	})
	if !errors.Is(err, boom) {
		t.Fatalf("scan error %v, want the emit error", err)
	}
	r4 := doScan(t, src, r1.cp)
	equal(t, "gzip re-read after interruption", r4.texts(), lines("z", 1, 2000))
}

func TestGzipCorruptFailsScan(t *testing.T) {
	dir := t.TempDir()
	data := gz(t, numbered("z", 1, 500))
	data[len(data)-6] ^= 0xff // break the CRC
	p := filepath.Join(dir, "bad.log.gz")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	src := newSrc(t, Config{Paths: []string{p}})
	err := src.Scan(context.Background(), sources.Request{}, func(context.Context, sources.Page) error { return nil })
	if err == nil || !strings.Contains(err.Error(), p) {
		t.Fatalf("error %v, want one naming %s", err, p)
	}
}

func TestMatch(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"app/a.log", "app/b.log", "app/b.log.1.gz", "app/c.txt", "tree/x.log", "tree/sub/y.log",
		"tree/sub/skip.tmp", "tree/cache/z.log", "other/o.log"} {
		write(t, filepath.Join(dir, f), "x\n")
	}
	if err := os.Symlink(filepath.Join(dir, "nowhere"), filepath.Join(dir, "app/dangling.log")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name              string
		patterns, exclude []string
		want              []string
	}{
		{"glob", []string{"app/*.log"}, nil, []string{"app/a.log", "app/b.log"}},
		{"two globs", []string{"app/*.log", "app/*.gz"}, nil, []string{"app/a.log", "app/b.log", "app/b.log.1.gz"}},
		{"glob in directory part", []string{"*/*.log"}, nil, []string{"app/a.log", "app/b.log", "other/o.log", "tree/x.log"}},
		{"directory recursion", []string{"tree"}, nil, []string{"tree/cache/z.log", "tree/sub/skip.tmp", "tree/sub/y.log", "tree/x.log"}},
		{"exclude by base name and by path", []string{"tree", "app/*"}, []string{"*.tmp", "*.gz", dir + "/tree/cache"},
			[]string{"app/a.log", "app/b.log", "app/c.txt", "tree/sub/y.log", "tree/x.log"}},
		{"duplicates once", []string{"app/a.log", "app/*.log"}, nil, []string{"app/a.log", "app/b.log"}},
		{"missing is not an error", []string{"nope/*.log", "nope.log"}, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var pats []string
			for _, p := range tc.patterns {
				pats = append(pats, filepath.Join(dir, p))
			}
			got, err := Match(pats, tc.exclude)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, w := range tc.want {
				want = append(want, filepath.Join(dir, w))
			}
			equal(t, "matched", got, want)
		})
	}
}

func TestPermissionDenied(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads files regardless of permissions")
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, "ok.log"), "fine\n")
	locked := filepath.Join(dir, "locked.log")
	write(t, locked, "secret place\n")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	lockedDir := filepath.Join(dir, "lockeddir")
	write(t, filepath.Join(lockedDir, "in.log"), "x\n")
	if err := os.Chmod(lockedDir, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(lockedDir, 0o755) })

	for _, tc := range []struct {
		name, pattern, want string
	}{
		{"unreadable file", filepath.Join(dir, "*.log"), locked},
		{"unlistable directory in a glob", filepath.Join(lockedDir, "*.log"), lockedDir},
		{"unlistable directory in a walk", dir, lockedDir},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := newSrc(t, Config{Paths: []string{tc.pattern}})
			err := src.Scan(context.Background(), sources.Request{}, func(context.Context, sources.Page) error { return nil })
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one naming %s", err, tc.want)
			}
			if strings.Contains(err.Error(), "secret place") {
				t.Fatal("error carries file content")
			}
		})
	}
}

func TestBinaryAndInvalidUTF8(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "bin.log")
	content := "ok\n\xff\xfe\x00\x01binary\x00\n\xc3\x28 bad utf8\r\n\n\x00\x00\x00"
	write(t, p, content)
	src := newSrc(t, Config{Paths: []string{p}})
	r := doScan(t, src, nil)
	// The unterminated last line is held back once, then read when the file did not grow.
	equal(t, "first scan", r.texts(), []string{"ok", "\xff\xfe\x00\x01binary\x00", "\xc3\x28 bad utf8", ""})
	r2 := doScan(t, src, r.cp)
	equal(t, "second scan", r2.texts(), []string{"\x00\x00\x00"})
	if r2.lines[0].Location != p+":5" {
		t.Fatalf("location %s", r2.lines[0].Location)
	}
}

func TestPartialLastLine(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "app.log")
	key := fakesecret.AWSKeyID(fakesecret.Fresh())
	write(t, p, "first\nkey="+key[:10]) // the writer is mid-line
	src := newSrc(t, Config{Paths: []string{p}})
	r1 := doScan(t, src, nil)
	equal(t, "mid-line write held back", r1.texts(), []string{"first"})
	appendTo(t, p, key[10:]+" end\n")
	r2 := doScan(t, src, r1.cp)
	equal(t, "completed line read whole", r2.texts(), []string{"key=" + key + " end"})
}

func TestVanishedAndHardLinks(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.log")
	write(t, p, "one\n")
	if err := os.Link(p, filepath.Join(dir, "b.log")); err != nil {
		t.Skip("no hard links here")
	}
	// A dangling link is what a file removed between listing and opening looks like.
	if err := os.Symlink(filepath.Join(dir, "gone"), filepath.Join(dir, "c.log")); err != nil {
		t.Fatal(err)
	}
	src := newSrc(t, Config{Paths: []string{filepath.Join(dir, "*.log")}})
	r := doScan(t, src, nil)
	equal(t, "hard-linked file read once", r.texts(), []string{"one"})
	// The scan's own open path: a listed file removed before it is opened.
	sc := &scan{s: src, ctx: context.Background(), st: map[fileKey]*entry{}, seen: map[fileKey]bool{}}
	if err := sc.file(filepath.Join(dir, "vanished.log")); err != nil {
		t.Fatalf("vanished file: %v", err)
	}
}

func TestBadCheckpointStartsAfresh(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.log")
	write(t, p, "one\ntwo\n")
	src := newSrc(t, Config{Paths: []string{p}})
	for _, cp := range []string{"not json", `{"v":99,"files":[]}`} {
		r := doScan(t, src, []byte(cp))
		equal(t, "re-read", r.texts(), []string{"one", "two"})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := src.Scan(ctx, sources.Request{}, func(context.Context, sources.Page) error { return nil })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled scan returned %v", err)
	}
}

func TestLongLineBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 50 MB")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "huge.log")
	const size = 50 << 20
	key := fakesecret.AWSKeyID(fakesecret.Fresh())
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte("abcdefghij"), 1<<16)
	var written int
	for written < size {
		n := min(len(chunk), size-written)
		if _, err := f.Write(chunk[:n]); err != nil {
			t.Fatal(err)
		}
		written += n
	}
	// The key straddles the first piece boundary (1 MiB).
	if _, err := f.WriteAt([]byte(key), DefaultMaxLineBytes-9); err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("\nafter\n"); err != nil {
		t.Fatal(err)
	}
	f.Close()

	src := newSrc(t, Config{Paths: []string{p}})
	var (
		pieces, whole, maxPiece, overlaps int
		peakHeap                          uint64
		texts                             []string
		ms                                runtime.MemStats
	)
	err = src.Scan(context.Background(), sources.Request{}, func(_ context.Context, pg sources.Page) error {
		pageBytes := 0
		for _, l := range pg.Lines {
			pageBytes += len(l.Text)
		}
		if pageBytes > DefaultPageBytes || len(pg.Lines) > DefaultPageLines {
			t.Errorf("page of %d lines, %d bytes exceeds the bounds", len(pg.Lines), pageBytes)
		}
		for _, l := range pg.Lines {
			if l.Location == p+":1" {
				pieces++
				maxPiece = max(maxPiece, len(l.Text))
				if l.Overlap > 0 {
					overlaps++
				}
				if bytes.Contains(l.Text, []byte(key)) {
					whole++
				}
			} else {
				texts = append(texts, string(l.Text))
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&ms)
		peakHeap = max(peakHeap, ms.HeapAlloc)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("pieces %d, largest %d bytes, peak heap %d MiB", pieces, maxPiece, peakHeap>>20)
	if pieces < size/DefaultMaxLineBytes || pieces > size/(DefaultMaxLineBytes/2) {
		t.Fatalf("%d pieces for a %d-byte line", pieces, size)
	}
	if overlaps != pieces-1 {
		t.Fatalf("%d pieces carry an overlap, want %d", overlaps, pieces-1)
	}
	if maxPiece > DefaultMaxLineBytes+64<<10 {
		t.Fatalf("a piece of %d bytes exceeds the bound", maxPiece)
	}
	if whole < 1 {
		t.Fatal("the key cut by the piece boundary is not whole in any piece")
	}
	equal(t, "line after the long one", texts, []string{"after"})
	// Pages hold at most 4 MiB of text: far below the 50 MB file.
	if peakHeap > 24<<20 {
		t.Fatalf("peak heap %d MiB while scanning a 50 MB line", peakHeap>>20)
	}
}

// TestReadPiecesEmitsEachLine: a line reaches fn while the writer is still open (a slow stdin's
// findings are not held back until a KiB has arrived).
func TestReadPiecesEmitsEachLine(t *testing.T) {
	pr, pw := io.Pipe()
	got := make(chan string)
	done := make(chan error, 1)
	go func() {
		done <- ReadPieces(context.Background(), pr, "-", 0, func(p linereader.Piece) error {
			got <- string(p.Text)
			return nil
		})
	}()
	for _, line := range []string{"first", "second"} {
		if _, err := io.WriteString(pw, line+"\n"); err != nil {
			t.Fatal(err)
		}
		if g := <-got; g != line {
			t.Fatalf("got %q, want %q", g, line)
		}
	}
	pw.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestReadPieces(t *testing.T) {
	content := "alpha\nbeta\n\xff\x00gamma"
	tests := []struct {
		name string
		data []byte
	}{
		{"plain", []byte(content)},
		{"gzip without .gz name", gz(t, content)},
	}
	var offsets [][]int64
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			var offs []int64
			err := ReadPieces(context.Background(), bytes.NewReader(tc.data), "input.txt", 0, func(p linereader.Piece) error {
				got = append(got, string(p.Text))
				offs = append(offs, p.Offset)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			equal(t, "lines", got, []string{"alpha", "beta", "\xff\x00gamma"})
			offsets = append(offsets, offs)
		})
	}
	if len(offsets) == 2 {
		if fmt.Sprint(offsets[1]) != fmt.Sprint(offsets[0]) {
			t.Errorf("offsets depend on compression: %v and %v", offsets[0], offsets[1])
		}
		if fmt.Sprint(offsets[0]) != "[0 6 11]" {
			t.Errorf("offsets %v, want those of the decompressed stream [0 6 11]", offsets[0])
		}
	}

	stop := errors.New("stop")
	n := 0
	err := ReadPieces(context.Background(), strings.NewReader(content), "-", 0, func(linereader.Piece) error {
		n++
		return stop
	})
	if err != stop || n != 1 {
		t.Fatalf("fn error not returned unchanged: %v after %d lines", err, n)
	}

	trunc := gz(t, content)
	err = ReadPieces(context.Background(), bytes.NewReader(trunc[:len(trunc)-4]), "cut.gz", 0, func(linereader.Piece) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "cut.gz") {
		t.Fatalf("truncated gzip: error %v, want one naming the stream", err)
	}
	err = ReadPieces(context.Background(), io.MultiReader(), "empty", 0, func(linereader.Piece) error {
		t.Fatal("line from an empty stream")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestLineWrittenInTwoParts: a writer writes the start of a line, pauses longer than a scan
// interval (the unterminated tail is then scanned on its own, in case it is the file's real
// end), then writes the rest and the newline. The completed line is scanned whole, under the
// same line ID, and an unchanged tail is not scanned again.
func TestLineWrittenInTwoParts(t *testing.T) {
	key := fakesecret.AWSKeyID(fakesecret.Fresh())
	head := "WARN token=" + key[:7] // the writer pauses mid-secret
	rest := key[7:] + " retry=1\n"
	whole := "WARN token=" + key + " retry=1"
	tests := []struct {
		name   string
		writes []string   // appended before each scan ("" appends nothing)
		want   [][]string // lines emitted by each scan
	}{
		{"completed after a quiet interval", []string{head, "", rest, ""}, [][]string{nil, {head}, {whole}, nil}},
		{"completed before the quiet interval ends", []string{head, rest}, [][]string{nil, {whole}}},
		{"grows twice unterminated", []string{head, "", rest[:5], "", rest[5:]}, [][]string{nil, {head}, nil, {head + rest[:5]}, {whole}}},
		{"never completed: scanned once", []string{head, "", "", ""}, [][]string{nil, {head}, nil, nil}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "app.log")
			// Longer than the 1 KiB head that names the file's lines, as real logs are: a
			// smaller file's line ids change while it grows.
			write(t, p, strings.Repeat("INFO request served status=200\n", 40))
			src := newSrc(t, Config{Paths: []string{p}})
			cp := doScan(t, src, nil).cp
			ids := map[string]string{}
			for i, w := range tc.writes {
				if w != "" {
					appendTo(t, p, w)
				}
				r := doScan(t, src, cp)
				cp = r.cp
				equal(t, fmt.Sprintf("scan %d", i), r.texts(), tc.want[i])
				for _, l := range r.lines {
					ids[l.ID] = string(l.Text)
				}
			}
			if len(ids) != 1 {
				t.Errorf("the line's parts and its completion have %d ids, want 1 (the same line)", len(ids))
			}
		})
	}
}
