package file

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/sources"
)

// BenchmarkScan measures a first scan of a file of typical 120-byte log lines.
func BenchmarkScan(b *testing.B) {
	dir := b.TempDir()
	p := filepath.Join(dir, "app.log")
	var sb strings.Builder
	for i := 0; sb.Len() < 16<<20; i++ {
		fmt.Fprintf(&sb, "2024-05-01T12:00:00.%06dZ INFO request handled method=GET path=/api/v1/items/%d status=200 dur=12ms\n", i%1000000, i)
	}
	if err := os.WriteFile(p, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	src, err := New(Config{Name: "bench", Paths: []string{p}})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(sb.Len()))
	b.ReportAllocs()
	for b.Loop() {
		err := src.Scan(context.Background(), sources.Request{}, func(context.Context, sources.Page) error { return nil })
		if err != nil {
			b.Fatal(err)
		}
	}
}
