package detector_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/queries"
)

// hostileUnits are pieces a hostile log line repeats to make a keyword hit at every few
// bytes: the generic rules' identifier runs (token., --token, a-token_) and the keywords of
// other rule families.
var hostileUnits = []string{
	"token.", "--token", "a-token_", "token.a*", "--tokena*",
	"password=", "secret_", "Bearer ", "AKIA", "xox", "-----BEGIN ",
}

// hostileLine is unit repeated to n bytes. A unit ending in '*' is instead its first byte
// after the rest of the unit, repeated to fill the line ("token.a*": one keyword, then one
// long run to a separator).
func hostileLine(unit string, n int) []byte {
	if head, fill, ok := strings.Cut(unit, "*"); ok && fill == "" && len(head) > 1 {
		key, c := head[:len(head)-1], head[len(head)-1:]
		return append(append([]byte(key), bytes.Repeat([]byte(c), n-len(key)-2)...), "=x"...)
	}
	return bytes.Repeat([]byte(unit), n/len(unit)+1)[:n]
}

// BenchmarkHostileLine scans one line of a repeated hostile unit with the whole catalogue, at
// 16 KiB and 1 MiB (max_line_bytes): ns/byte staying flat from one size to the other is the
// detector staying linear on hostile input.
func BenchmarkHostileLine(b *testing.B) {
	d, err := detector.New(queries.Catalog(), detector.Options{Key: []byte("bench"), Allow: detector.DefaultAllow})
	if err != nil {
		b.Fatal(err)
	}
	d.CompileAll()
	for _, unit := range hostileUnits {
		for _, size := range []int{16 << 10, 1 << 20} {
			line := hostileLine(unit, size)
			b.Run(fmt.Sprintf("%s/%dKiB", unit, size>>10), func(b *testing.B) {
				b.SetBytes(int64(size))
				for b.Loop() {
					d.Scan(line, 0, func(detector.Finding) {})
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(size), "ns/byte")
			})
		}
	}
}

// BenchmarkHostileSecrets scans one line packed with credentials (URIs with passwords,
// GitHub tokens), at 64 KiB and 1 MiB: joining URI users to passwords and dropping covered
// generic findings must not compare every pair of findings.
func BenchmarkHostileSecrets(b *testing.B) {
	d, err := detector.New(queries.Catalog(), detector.Options{Key: []byte("bench"), Allow: detector.DefaultAllow})
	if err != nil {
		b.Fatal(err)
	}
	d.CompileAll()
	r := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct {
		name string
		unit func() string
	}{
		{"uri", func() string { return "https://svc:" + fakesecret.Mixed(r, 20) + "@db.example.com/x " }},
		{"ghp+generic", func() string { return fakesecret.GitHub(r, "ghp_") + " token=" + fakesecret.Mixed(r, 24) + " " }},
	} {
		for _, size := range []int{64 << 10, 1 << 20} {
			var line []byte
			for len(line) < size {
				line = append(line, c.unit()...)
			}
			b.Run(fmt.Sprintf("%s/%dKiB", c.name, size>>10), func(b *testing.B) {
				b.SetBytes(int64(len(line)))
				for b.Loop() {
					d.Scan(line, 0, func(detector.Finding) {})
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(line)), "ns/byte")
			})
		}
	}
}

// BenchmarkHostileAllKeywords: lines holding every catalogue keyword (keywordLines), at 16 KiB
// and 1 MiB (max_line_bytes), with the start-range search and (at 16 KiB only: a megabyte
// took tens of seconds) the whole-window search it replaced. Compare ns/byte with
// BenchmarkDetector/prefilter's, an ordinary corpus line's, from the same run.
func BenchmarkHostileAllKeywords(b *testing.B) {
	for _, mode := range []string{"starts", "windowed"} {
		d, err := detector.New(queries.Catalog(), detector.Options{Key: []byte("bench"), Allow: detector.DefaultAllow})
		if err != nil {
			b.Fatal(err)
		}
		if mode == "windowed" {
			detector.SetWindowed(d)
		}
		d.CompileAll()
		for _, size := range []int{16 << 10, 1 << 20} {
			if mode == "windowed" && size > 16<<10 {
				continue
			}
			for _, c := range detector.KeywordLines(size) {
				b.Run(fmt.Sprintf("%s/%s/%dKiB", mode, c.Name, size>>10), func(b *testing.B) {
					b.SetBytes(int64(len(c.Line)))
					for b.Loop() {
						d.Scan(c.Line, 0, func(detector.Finding) {})
					}
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(c.Line)), "ns/byte")
				})
			}
		}
	}
}
