package detector

import (
	"sync"
	"testing"

	"github.com/leakwatch/leakwatch/queries"
)

// BenchmarkStartup is what a process pays before its first line: the catalogue built and a
// detector made from it (leakwatch scan of an empty file is this plus flag parsing), with the
// process's regex cache emptied each time as in a new process.
//
//	lazy:        New alone; regexes wait for their keywords (what leakwatch does)
//	eager:       New and every rule compiled, as before lazy compilation
//	first-lines: New and one line of each rule's samples, compiling every rule on first use
func BenchmarkStartup(b *testing.B) {
	var samples [][]byte
	for _, r := range queries.Catalog() {
		samples = append(samples, []byte(r.TruePositives[0]))
	}
	for _, bc := range []struct {
		name  string
		after func(*Detector)
	}{
		{"lazy", func(*Detector) {}},
		{"eager", func(d *Detector) {
			for i := range d.rules {
				d.prep(i)
			}
		}},
		{"first-lines", func(d *Detector) {
			for _, s := range samples {
				d.Scan(s, 0, func(Finding) {})
			}
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				compiled = sync.Map{} // a new process
				d, err := New(queries.Catalog(), Options{Key: []byte("k"), Allow: DefaultAllow})
				if err != nil {
					b.Fatal(err)
				}
				bc.after(d)
			}
		})
	}
}
