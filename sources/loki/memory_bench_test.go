package loki_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/loki"
)

// bigResponse streams one query_range answer of n entries of lineBytes each, generated as it
// is read, so the server side holds no copy. Requests after the first (the next page) get
// an empty answer.
type bigResponse struct {
	n, lineBytes int
	served       *atomic.Int64
}

func (r bigResponse) RoundTrip(req *http.Request) (*http.Response, error) {
	pr, pw := io.Pipe()
	n := r.n
	if r.served.Add(1) > 1 {
		n = 0
	}
	go func() {
		w := bufio.NewWriterSize(pw, 1<<20)
		fmt.Fprint(w, `{"status":"success","data":{"resultType":"streams","result":[{"stream":{"job":"big"},"values":[`)
		filler := strings.Repeat("x", r.lineBytes-40)
		for i := 0; i < n; i++ {
			if i > 0 {
				w.WriteByte(',')
			}
			fmt.Fprintf(w, `["%d","line %08d level=info msg=%s"]`, t0.Add(time.Duration(i)*time.Millisecond).UnixNano(), i, filler)
		}
		fmt.Fprint(w, `]}],"stats":{}}}`)
		w.Flush()
		pw.Close()
	}()
	return &http.Response{StatusCode: 200, Status: "200 OK", Header: http.Header{"Content-Type": {"application/json"}},
		Body: pr, ContentLength: -1, Request: req}, nil
}

// peakRSS is the process's peak resident set (VmHWM) in MiB; resetPeakRSS starts it again
// from the current RSS (Linux clear_refs 5).
func peakRSS(b *testing.B) float64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Skip("no /proc/self/status: peak RSS is measured on Linux only")
	}
	for _, l := range strings.Split(string(raw), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	b.Skip("no VmHWM")
	return 0
}

func resetPeakRSS(b *testing.B) {
	runtime.GC()
	debug.FreeOSMemory()
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		b.Skipf("cannot reset the peak RSS: %v", err)
	}
}

// BenchmarkResponsePeakRSS: the memory one Loki page costs at the size of the response cap
// (max 256 MiB by default), against a 1 MiB page measured in the same run. It sizes the
// Kubernetes memory limit (deploy/kubernetes/deployment.yaml). Run it alone:
//
//	go test ./sources/loki -run '^$' -bench ResponsePeakRSS -benchtime 1x
func BenchmarkResponsePeakRSS(b *testing.B) {
	for _, tc := range []struct {
		name string
		n    int
	}{
		{"1MiB", 20},
		{"250MiB", 5000},
	} {
		b.Run(tc.name, func(b *testing.B) {
			// Lines of 52,400 bytes: 5000 of them (the default page limit) are 250 MiB.
			rt := bigResponse{n: tc.n, lineBytes: 52_400, served: &atomic.Int64{}}
			s, err := loki.New(loki.Config{Name: "big", URL: "http://loki.invalid", HTTPClient: &http.Client{Transport: rt}})
			if err != nil {
				b.Fatal(err)
			}
			resetPeakRSS(b)
			before := peakRSS(b)
			var read int64
			for b.Loop() {
				rt.served.Store(0)
				err := s.Scan(context.Background(), sources.Request{Window: sources.Window{Start: t0, End: t0.Add(time.Millisecond * time.Duration(tc.n))}},
					func(_ context.Context, p sources.Page) error {
						for _, l := range p.Lines {
							read += int64(len(l.Text))
						}
						return nil
					})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(read)/float64(b.N)/(1<<20), "MiB-lines/op")
			b.ReportMetric(peakRSS(b), "peak-rss-MiB")
			b.ReportMetric(peakRSS(b)-before, "rss-growth-MiB")
		})
	}
}
