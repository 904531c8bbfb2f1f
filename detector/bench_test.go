package detector_test

import (
	"bufio"
	"bytes"
	"testing"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/corpus"
	"github.com/leakwatch/leakwatch/queries"
)

// corpusLines is 8 MiB of generated log lines, one in a hundred with a secret or a decoy.
func corpusLines(b *testing.B) ([][]byte, int64) {
	var buf bytes.Buffer
	if _, err := corpus.Generate(&buf, corpus.Options{Size: 8 << 20, Seed: 1, SecretRate: 0.01, DecoyRate: 0.01}); err != nil {
		b.Fatal(err)
	}
	var lines [][]byte
	sc := bufio.NewScanner(&buf)
	sc.Buffer(nil, 1<<20)
	var n int64
	for sc.Scan() {
		lines = append(lines, bytes.Clone(sc.Bytes()))
		n += int64(len(sc.Bytes()) + 1)
	}
	return lines, n
}

// BenchmarkDetector scans corpus lines with the whole catalogue, with the keyword prefilter
// and with every regex over every line (the reference); MB/s is per goroutine.
func BenchmarkDetector(b *testing.B) {
	lines, size := corpusLines(b)
	for _, bc := range []struct {
		name string
		opts detector.Options
		part int // scan 1/part of the corpus per op: the reference is slow
	}{
		{"prefilter", detector.Options{}, 1},
		{"no-prefilter", detector.Options{NoPrefilter: true}, 64},
	} {
		b.Run(bc.name, func(b *testing.B) {
			bc.opts.Key, bc.opts.Allow = []byte("bench"), detector.DefaultAllow
			d, err := detector.New(queries.Catalog(), bc.opts)
			if err != nil {
				b.Fatal(err)
			}
			d.CompileAll() // steady state: start-up is BenchmarkStartup's
			part := lines[:len(lines)/bc.part]
			b.SetBytes(size / int64(bc.part))
			b.ReportAllocs()
			var found int
			for b.Loop() {
				for _, l := range part {
					d.Scan(l, 0, func(detector.Finding) { found++ })
				}
			}
			if found == 0 {
				b.Fatal("no findings in a corpus with planted secrets")
			}
		})
	}
}

// BenchmarkDetectorWithGitleaks: the cost of the imported testdata rules (whole-line regexes
// on keyword hits, generic-api-key's common keywords) on the generated corpus.
func BenchmarkDetectorWithGitleaks(b *testing.B) {
	lines, size := corpusLines(b)
	imported, _ := detector.ImportTestdata(b)
	for _, c := range []struct {
		name  string
		rules []*queries.Rule
	}{{"catalogue", queries.Catalog()}, {"catalogue+gitleaks", append(queries.Catalog(), imported...)}} {
		d, err := detector.New(c.rules, detector.Options{Key: []byte("k"), Allow: detector.DefaultAllow})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(size)
			for b.Loop() {
				for _, l := range lines {
					d.Scan(l, 0, func(detector.Finding) {})
				}
			}
		})
	}
}
