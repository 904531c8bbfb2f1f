package detector

import (
	"reflect"
	"sync"
	"testing"

	"github.com/leakwatch/leakwatch/queries"
)

// TestLazyCompile: New compiles no built-in regex; a scan compiles only the rules whose
// keywords it met; a second detector (a reload) reuses the process's compiled program.
func TestLazyCompile(t *testing.T) {
	d, err := New(queries.Catalog(), Options{Key: testKey})
	if err != nil {
		t.Fatal(err)
	}
	prepped := func(d *Detector) map[string]bool {
		m := map[string]bool{}
		for i := range d.lazy {
			if d.lazy[i].ready.Load() {
				m[d.rules[i].ID] = true
			}
		}
		return m
	}
	if p := prepped(d); len(p) != 0 {
		t.Fatalf("New compiled %d rules, want none", len(p))
	}
	tok := "ghp_" + "LeakwatchDemoFakeTokenNotReal1" + queries.Base62CRC32("LeakwatchDemoFakeTokenNotReal1")
	if n := len(collect(d, []byte("token="+tok), 0)); n != 1 {
		t.Fatalf("%d findings, want 1", n)
	}
	p := prepped(d)
	if !p["github-pat"] || len(p) > 10 {
		t.Fatalf("after one line, compiled %v: want github-pat and the few rules sharing its keywords", p)
	}
	d2, err := New(queries.Catalog(), Options{Key: testKey})
	if err != nil {
		t.Fatal(err)
	}
	collect(d2, []byte("token="+tok), 0)
	for i, r := range d.rules {
		if r.ID == "github-pat" && (d.lazy[i].vm == nil || d.lazy[i].vm != d2.lazy[i].vm) {
			t.Error("a second detector compiled github-pat's program again")
		}
	}
}

// TestLazyCompileConcurrent: goroutines that meet every rule for the first time at once all
// find what a detector prepared beforehand finds (run with -race).
func TestLazyCompileConcurrent(t *testing.T) {
	var lines [][]byte
	for _, r := range queries.Catalog() {
		for _, s := range r.TruePositives {
			lines = append(lines, []byte(s))
		}
	}
	ref, err := New(queries.Catalog(), Options{Key: testKey, Allow: DefaultAllow})
	if err != nil {
		t.Fatal(err)
	}
	want := make([][]Finding, len(lines))
	for i, l := range lines {
		want[i] = collect(ref, l, 0)
	}
	d, err := New(queries.Catalog(), Options{Key: testKey, Allow: DefaultAllow})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan string, 4*len(lines))
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			<-start
			for k := range lines {
				i := (k + g*len(lines)/4) % len(lines) // each goroutine starts elsewhere
				if got := collect(d, lines[i], 0); !reflect.DeepEqual(got, want[i]) {
					errs <- describe(got) + " != " + describe(want[i])
				}
			}
		}(g)
	}
	close(start)
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
