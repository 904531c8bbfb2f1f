package loki_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/loki"
	"github.com/leakwatch/leakwatch/sources/loki/lokifake"
)

// replay serves recorded response bodies by request form, so the benchmark measures only
// leakwatch's side: HTTP client, JSON decoding, building Lines (IDs, locations, links).
type replay struct {
	mu        sync.Mutex
	bodies    map[string][]byte
	recording http.RoundTripper
}

func (r *replay) RoundTrip(req *http.Request) (*http.Response, error) {
	form, _ := io.ReadAll(req.Body)
	key := req.URL.Path + "?" + string(form)
	r.mu.Lock()
	body, ok := r.bodies[key]
	r.mu.Unlock()
	if !ok && r.recording != nil {
		req.Body = io.NopCloser(bytes.NewReader(form))
		resp, err := r.recording.RoundTrip(req)
		if err != nil {
			return nil, err
		}
		body, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 {
			return nil, fmt.Errorf("recording: %d %v", resp.StatusCode, err)
		}
		r.mu.Lock()
		r.bodies[key] = body
		r.mu.Unlock()
		ok = true
	}
	if !ok {
		return nil, fmt.Errorf("no recorded response for %s", key)
	}
	return &http.Response{StatusCode: 200, Status: "200 OK", Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body)), Request: req}, nil
}

const benchLines = 1_000_000

var (
	benchOnce   sync.Once
	benchReplay *replay
	benchBytes  int64
	benchFake   time.Duration
)

// benchSetup loads 1M lines of about 74 bytes (10 of them with a fake AWS key ID) in 5
// streams over one hour, and records Loki-format responses of a full scan through the fake.
func benchSetup(b *testing.B) {
	benchOnce.Do(func() {
		f := lokifake.New(lokifake.Options{Now: func() time.Time { return t0.Add(2 * time.Hour) }})
		rng := rand.New(rand.NewPCG(7, 7))
		step := time.Hour / benchLines
		for st := 0; st < 5; st++ {
			es := make([]lokifake.Entry, 0, benchLines/5)
			for i := st; i < benchLines; i += 5 {
				line := fmt.Sprintf(`level=info ts=%d caller=handler.go:%d msg="request served" status=200 dur=%dms`, i, rng.IntN(500), rng.IntN(900))
				if i%(benchLines/10) == 0 {
					line = fmt.Sprintf(`level=warn msg="assume role" key=%s`, fakesecret.AWSKeyID(rng))
				}
				es = append(es, lokifake.Entry{Time: t0.Add(time.Duration(i) * step), Line: line})
			}
			if err := f.Push("fake", map[string]string{"job": fmt.Sprintf("app-%d", st), "env": "prod"}, es...); err != nil {
				panic(err)
			}
		}
		srv := httptest.NewServer(f)
		defer srv.Close()
		benchReplay = &replay{bodies: map[string][]byte{}, recording: http.DefaultTransport}
		s, err := loki.New(loki.Config{Name: "bench", URL: srv.URL, HTTPClient: &http.Client{Transport: benchReplay},
			GrafanaURL: "https://grafana.example.com", DatasourceUID: "loki"})
		if err != nil {
			panic(err)
		}
		start := time.Now()
		n, err := scanCount(s, sources.Filter{})
		benchFake = time.Since(start)
		if err != nil || n != benchLines {
			panic(fmt.Sprintf("recording scan: %d lines, %v", n, err))
		}
		benchReplay.recording = nil
		for _, body := range benchReplay.bodies {
			benchBytes += int64(len(body))
		}
	})
	b.Logf("recording scan through the fake (fake + client): %v; %d responses, %.1f MB", benchFake, len(benchReplay.bodies), float64(benchBytes)/1e6)
}

func scanCount(s *loki.Source, f sources.Filter) (int, error) {
	n := 0
	err := s.Scan(context.Background(), sources.Request{Window: hour(1), Filter: f}, func(_ context.Context, p sources.Page) error {
		n += len(p.Lines)
		return nil
	})
	return n, err
}

// BenchmarkScan: leakwatch's own CPU to read 1M lines from Loki responses (the fake's cost
// excluded by replaying its recorded responses). Reports ns/line; MB/s is of JSON read.
func BenchmarkScan(b *testing.B) {
	benchSetup(b)
	s, err := loki.New(loki.Config{Name: "bench", URL: "http://loki.invalid", HTTPClient: &http.Client{Transport: benchReplay},
		GrafanaURL: "https://grafana.example.com", DatasourceUID: "loki"})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(benchBytes)
	b.ReportAllocs()
	for b.Loop() {
		n, err := scanCount(s, sources.Filter{})
		if err != nil || n != benchLines {
			b.Fatalf("%d lines, %v", n, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchLines, "ns/line")
}
