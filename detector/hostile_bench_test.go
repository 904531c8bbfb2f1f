package detector_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/detector"
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
