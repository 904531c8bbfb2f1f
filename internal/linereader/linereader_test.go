package linereader

import (
	"bytes"
	"errors"
	"io"
	"math/rand"
	"strings"
	"testing"
	"testing/iotest"
)

type line struct {
	no   int
	text string
}

// readAll reassembles lines from pieces, checking every piece invariant on the way.
func readAll(t *testing.T, r *Reader, input string, max int) []line {
	t.Helper()
	var out []line
	var cur []byte
	var prev Piece
	prevText := ""
	inLine := false
	for {
		p, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Text) > max {
			t.Fatalf("piece of %d bytes, max %d", len(p.Text), max)
		}
		if p.First == inLine {
			t.Fatalf("line %d: First=%v after a piece with Last=%v", p.LineNo, p.First, !inLine)
		}
		if p.First {
			if p.Overlap != 0 || p.LineNo != prev.LineNo+1 {
				t.Fatalf("first piece: overlap %d, line %d after %d", p.Overlap, p.LineNo, prev.LineNo)
			}
			cur = cur[:0]
		} else {
			if p.LineNo != prev.LineNo {
				t.Fatalf("continuation changed line number %d -> %d", prev.LineNo, p.LineNo)
			}
			if p.Overlap <= 0 || p.Overlap > len(p.Text) || !strings.HasSuffix(prevText, string(p.Text[:p.Overlap])) {
				t.Fatalf("line %d: overlap %d does not repeat the previous piece", p.LineNo, p.Overlap)
			}
			if p.Offset != prev.Offset+int64(len(prevText))-int64(p.Overlap) {
				t.Fatalf("line %d: offset %d does not follow %d+%d-%d", p.LineNo, p.Offset, prev.Offset, len(prevText), p.Overlap)
			}
		}
		if got := input[p.Offset : p.Offset+int64(len(p.Text))]; got != string(p.Text) {
			t.Fatalf("line %d: text at offset %d is not the input's", p.LineNo, p.Offset)
		}
		if !p.Last && r.Offset() != p.Offset+int64(len(p.Text)) {
			t.Fatalf("Offset() %d after a piece ending at %d", r.Offset(), p.Offset+int64(len(p.Text)))
		}
		cur = append(cur, p.Text[p.Overlap:]...)
		inLine = !p.Last
		if p.Last {
			out = append(out, line{p.LineNo, string(cur)})
		}
		prev, prevText = p, string(p.Text)
	}
	if inLine {
		t.Fatal("stream ended inside a line")
	}
	if r.Offset() != int64(len(input)) {
		t.Fatalf("Offset() %d at EOF, want %d", r.Offset(), len(input))
	}
	return out
}

func wantLines(input string) []line {
	if input == "" {
		return nil
	}
	parts := strings.Split(strings.TrimSuffix(input, "\n"), "\n")
	out := make([]line, len(parts))
	for i, p := range parts {
		out[i] = line{i + 1, strings.TrimSuffix(p, "\r")}
	}
	return out
}

func TestLines(t *testing.T) {
	long := strings.Repeat("abcdefgh ", 30)
	for _, c := range []struct {
		name  string
		input string
		max   int
	}{
		{"empty", "", 64},
		{"one", "hello", 64},
		{"newline", "hello\n", 64},
		{"blank lines", "\n\na\n\nb\n", 64},
		{"crlf", "a\r\nb\r\n", 64},
		{"exactly max", strings.Repeat("x", 64) + "\n" + strings.Repeat("y", 64), 64},
		{"max plus one", strings.Repeat("x", 65) + "\nz\n", 64},
		{"long with separators", long + "\n" + long, 64},
		{"long blob", strings.Repeat("QUJD", 100) + "\nend", 64},
		{"long crlf", long + "\r\nnext\r\n", 64},
		{"cr at eof", "a\r", 64},
		{"long ends at cut", strings.Repeat("a b ", 16) + "\n", 64},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, wrap := range []func(io.Reader) io.Reader{
				func(r io.Reader) io.Reader { return r },
				iotest.OneByteReader,
				iotest.HalfReader,
				iotest.DataErrReader,
			} {
				got := readAll(t, New(wrap(strings.NewReader(c.input)), c.max, 16), c.input, c.max)
				want := wantLines(c.input)
				if len(got) != len(want) {
					t.Fatalf("%d lines, want %d: %+v", len(got), len(want), got)
				}
				for i := range got {
					if got[i] != want[i] {
						t.Fatalf("line %d: %+v, want %+v", i+1, got[i], want[i])
					}
				}
			}
		})
	}
}

// TestRandomStreams reassembles random streams of mixed short and long lines.
func TestRandomStreams(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	alphabet := "ab c\"=/+_-é\r"
	for n := 0; n < 300; n++ {
		var b strings.Builder
		for l := rng.Intn(8); l > 0; l-- {
			size := rng.Intn(40)
			if rng.Intn(3) == 0 {
				size = rng.Intn(400)
			}
			for i := 0; i < size; i++ {
				b.WriteByte(alphabet[rng.Intn(len(alphabet))])
			}
			if rng.Intn(5) > 0 {
				b.WriteByte('\n')
			}
		}
		input := b.String()
		max := 16 + rng.Intn(100)
		overlap := 1 + rng.Intn(max/2)
		got := readAll(t, New(iotest.HalfReader(strings.NewReader(input)), max, overlap), input, max)
		if want := wantLines(input); !equal(got, want) {
			t.Fatalf("input %q max %d overlap %d:\n got %+v\nwant %+v", input, max, overlap, got, want)
		}
	}
}

func equal(a, b []line) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestCutAtSeparator: a long line is cut after a separator when one is near the limit, so a
// token at the cut is not truncated at the end of a piece.
func TestCutAtSeparator(t *testing.T) {
	head := strings.Repeat("k=", 26) // 52 bytes: the space falls in the last 16 of 64
	input := head + " abcdefghijklmnopqrstuvwxyz0123456789 " + strings.Repeat("z", 100)
	r := New(strings.NewReader(input), 64, 16)
	p, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	if p.Last || string(p.Text) != head+" " {
		t.Fatalf("first piece %q should end at the space before the token", p.Text)
	}
	p, err = r.Next()
	if err != nil || !bytes.Contains(p.Text, []byte(" abcdefghijklmnopqrstuvwxyz0123456789 ")) {
		t.Fatalf("second piece %q (%v) should hold the whole token", p.Text, err)
	}
}

func TestReadError(t *testing.T) {
	boom := errors.New("boom")
	r := New(io.MultiReader(strings.NewReader("complete\npartial"), iotest.ErrReader(boom)), 64, 16)
	p, err := r.Next()
	if err != nil || string(p.Text) != "complete" {
		t.Fatalf("first: %q %v", p.Text, err)
	}
	for i := 0; i < 2; i++ {
		if _, err := r.Next(); !errors.Is(err, boom) {
			t.Fatalf("partial line before an error: err %v, want boom (sticky)", err)
		}
	}
}

type zeroReader struct{}

func (zeroReader) Read([]byte) (int, error) { return 0, nil }

func TestNoProgress(t *testing.T) {
	if _, err := New(zeroReader{}, 64, 16).Next(); !errors.Is(err, io.ErrNoProgress) {
		t.Fatalf("err %v, want io.ErrNoProgress", err)
	}
}

func TestDefaults(t *testing.T) {
	r := New(strings.NewReader(""), 0, 0)
	if r.max != DefaultMax || r.overlap != DefaultOverlap {
		t.Fatalf("defaults %d/%d", r.max, r.overlap)
	}
	if r := New(strings.NewReader(""), 100, 60); r.overlap*2 >= r.max {
		t.Fatalf("overlap %d not reduced below max/2 (%d)", r.overlap, r.max)
	}
}

func BenchmarkReader(b *testing.B) {
	var sb strings.Builder
	for sb.Len() < 4<<20 {
		sb.WriteString(`{"ts":"2024-05-01T12:00:00Z","level":"info","msg":"request done","path":"/api/v1/orders","status":200}` + "\n")
	}
	input := sb.String()
	b.SetBytes(int64(len(input)))
	for b.Loop() {
		r := New(strings.NewReader(input), 0, 0)
		for {
			if _, err := r.Next(); err != nil {
				break
			}
		}
	}
}
