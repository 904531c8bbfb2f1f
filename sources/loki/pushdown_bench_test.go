package loki_test

import (
	"context"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/engine"
	"github.com/leakwatch/leakwatch/pushdown"
	"github.com/leakwatch/leakwatch/queries"
	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/loki"
	"github.com/leakwatch/leakwatch/sources/loki/lokifake"
)

// timedFake runs the fake into memory and accumulates the time spent there: the stand-in
// for Loki's own query time (selecting, filtering, sorting, encoding). Copying the answer to
// the socket happens outside the timed part, so transfer counts against leakwatch (the
// conservative side).
type timedFake struct {
	f    *lokifake.Fake
	busy atomic.Int64 // nanoseconds
}

func (t *timedFake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := httptest.NewRecorder()
	start := time.Now()
	t.f.ServeHTTP(rec, r)
	t.busy.Add(int64(time.Since(start)))
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

const (
	pdLines   = 1_000_000
	pdSecrets = 10
	pdStreams = 5
)

var (
	pdOnce sync.Once
	pdDet  *detector.Detector
	pdSrv  *timedFake
	pdURL  string
)

const pdBase62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// pdGitHubToken is a ghp_ token with a valid CRC32 checksum (generated, never real).
func pdGitHubToken(rng *rand.Rand) string {
	b := make([]byte, 30)
	for i := range b {
		b[i] = pdBase62[rng.IntN(62)]
	}
	sum := crc32.ChecksumIEEE(b)
	var tail [6]byte
	for i := 5; i >= 0; i-- {
		tail[i] = pdBase62[sum%62]
		sum /= 62
	}
	return "ghp_" + string(b) + string(tail[:])
}

func pdHex(rng *rand.Rand, n int) string {
	const hex = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = hex[rng.IntN(16)]
	}
	return string(b)
}

// pdLine is one realistic application log line for stream st. Some carry words the
// pushdown keeps (https:// in referers and upstream URLs, "authorization" in auth logs), as
// real logs do.
func pdLine(rng *rand.Rand, st, i int, at time.Time) string {
	paths := []string{"/api/v1/orders", "/api/v1/cart", "/static/app.js", "/healthz", "/api/v1/users/me", "/metrics", "/login"}
	switch st {
	case 0: // nginx access log; a third of the requests have a referer
		ref := "-"
		if rng.IntN(3) == 0 {
			ref = "https://shop.example.com" + paths[rng.IntN(len(paths))]
		}
		return fmt.Sprintf(`10.%d.%d.%d - - [%s] "GET %s?page=%d HTTP/1.1" %d %d "%s" "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"`,
			rng.IntN(4), rng.IntN(256), rng.IntN(256), at.Format("02/Jan/2006:15:04:05 -0700"), paths[rng.IntN(len(paths))], rng.IntN(50),
			[]int{200, 200, 200, 304, 404, 500}[rng.IntN(6)], rng.IntN(60000), ref)
	case 1: // JSON service log; some calls name their upstream
		if rng.IntN(10) == 0 {
			return fmt.Sprintf(`{"ts":"%s","level":"info","logger":"http.client","msg":"upstream call","upstream":"https://payments.internal.example/v2/charges","status":200,"duration_ms":%d,"trace_id":"%s"}`,
				at.Format(time.RFC3339Nano), rng.IntN(900), pdHex(rng, 32))
		}
		return fmt.Sprintf(`{"ts":"%s","level":"info","logger":"orders","msg":"order updated","order_id":%d,"items":%d,"total_cents":%d,"trace_id":"%s"}`,
			at.Format(time.RFC3339Nano), rng.IntN(1_000_000), rng.IntN(9)+1, rng.IntN(100000), pdHex(rng, 32))
	case 2: // logfmt worker
		if rng.IntN(50) == 0 {
			return fmt.Sprintf(`ts=%s level=warn caller=auth.go:%d msg="authorization failed" user_id=%d reason=expired`, at.Format(time.RFC3339), rng.IntN(400), rng.IntN(100000))
		}
		return fmt.Sprintf(`ts=%s level=info caller=worker.go:%d msg="job done" queue=emails job_id=%s attempts=%d dur=%dms`,
			at.Format(time.RFC3339), rng.IntN(400), pdHex(rng, 16), rng.IntN(3)+1, rng.IntN(5000))
	case 3: // Java-style service log
		return fmt.Sprintf(`%s  INFO 1 --- [nio-8080-exec-%d] c.e.inventory.StockService : reserved %d units of sku %d for cart %s`,
			at.Format("2006-01-02T15:04:05.000Z07:00"), rng.IntN(10), rng.IntN(5)+1, rng.IntN(90000), pdHex(rng, 12))
	default: // Postgres
		return fmt.Sprintf(`%s UTC [%d] LOG:  duration: %d.%03d ms  statement: SELECT id, status FROM orders WHERE customer_id = %d`,
			at.Format("2006-01-02 15:04:05.000"), 1000+rng.IntN(9000), rng.IntN(80), rng.IntN(1000), rng.IntN(100000))
	}
}

// pdSetup builds 1M lines (about 150 bytes each, 5 streams, one hour), 10 of them carrying a
// generated secret, and loads them into one fake that answers every query itself.
func pdSetup(b *testing.B) {
	pdOnce.Do(func() {
		start := time.Now()
		var err error
		pdDet, err = detector.New(queries.Catalog(), detector.Options{Key: []byte("bench")})
		if err != nil {
			panic(err)
		}
		f := lokifake.New(lokifake.Options{Now: func() time.Time { return t0.Add(2 * time.Hour) }})
		rng := rand.New(rand.NewPCG(42, 1))
		step := time.Hour / pdLines
		streams := make([][]lokifake.Entry, pdStreams)
		for i := 0; i < pdLines; i++ {
			st := i % pdStreams
			at := t0.Add(time.Duration(i) * step)
			line := pdLine(rng, st, i, at)
			if i%(pdLines/pdSecrets) == pdLines/pdSecrets/2 {
				if (i/(pdLines/pdSecrets))%2 == 0 {
					line = fmt.Sprintf(`ts=%s level=error caller=git.go:88 msg="clone failed" remote=https://x-access-token:%s@github.com/acme/deploy.git`, at.Format(time.RFC3339), pdGitHubToken(rng))
				} else {
					line = fmt.Sprintf(`{"ts":"%s","level":"error","logger":"billing","msg":"stripe call failed","api_key":"sk_live_%s"}`, at.Format(time.RFC3339Nano), pdHex(rng, 12)+"Zq"+pdHex(rng, 12))
				}
			}
			streams[st] = append(streams[st], lokifake.Entry{Time: at, Line: line})
		}
		names := []string{"ingress-nginx", "orders", "worker", "inventory", "postgres"}
		for st := range streams {
			if err := f.Push("fake", map[string]string{"service_name": names[st], "env": "prod"}, streams[st]...); err != nil {
				panic(err)
			}
		}
		pdSrv = &timedFake{f: f}
		pdURL = httptest.NewServer(pdSrv).URL // lives for the benchmark process
		b.Logf("setup: %d lines in %v", pdLines, time.Since(start).Round(time.Millisecond))
	})
}

// BenchmarkScanWindowWithPushdown: what one 1M-line window costs leakwatch itself (HTTP
// client, JSON decoding, paging, the detector over every returned line) next to the query
// time of the store, here the fake standing in for Loki. Run it with
//
//	go test -run '^$' -bench BenchmarkScanWindowWithPushdown -benchtime 1x ./sources/loki
//
// client_ms is the scan's wall time minus fake_ms (requests are sequential) and includes
// detector_ms, the detector over every returned line; fake_ms is the time the fake spent
// answering (selecting, filtering, sorting, encoding). planned-pushdown is what the engine
// sends (the plan's one query), keywords-pushdown every keyword in one OR. The fake is only a
// stand-in for Loki's query time; BenchmarkRealLokiPushdown measures a real Loki.
func BenchmarkScanWindowWithPushdown(b *testing.B) {
	pdSetup(b)
	planned := engine.Filter(pdDet)
	for _, v := range []struct {
		name   string
		filter sources.Filter
	}{
		{"planned-pushdown", planned},
		{"keywords-pushdown", sources.Filter{Plan: &pushdown.Plan{Stages: []pushdown.Clause{planned.Plan.Keywords}}}},
		{"no-pushdown", sources.Filter{}},
	} {
		b.Run(v.name, func(b *testing.B) {
			srv := pdSrv
			s, err := loki.New(loki.Config{Name: "bench", URL: pdURL, Timeout: 10 * time.Minute})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			req := sources.Request{Window: sources.Window{Start: t0, End: t0.Add(time.Hour)}, Filter: v.filter}
			var client, fake, det time.Duration
			var returned, findings int
			b.ReportAllocs()
			for b.Loop() {
				srv.busy.Store(0)
				n, hits := 0, 0
				start := time.Now()
				err := s.Scan(context.Background(), req, func(_ context.Context, p sources.Page) error {
					ds := time.Now()
					defer func() { det += time.Since(ds) }()
					for i := range p.Lines {
						l := &p.Lines[i]
						pdDet.Scan(l.Text, l.Overlap, func(detector.Finding) { hits++ })
					}
					n += len(p.Lines)
					return nil
				})
				total := time.Since(start)
				if err != nil {
					b.Fatal(err)
				}
				if hits != pdSecrets {
					b.Fatalf("%d findings, want the %d planted secrets", hits, pdSecrets)
				}
				f := time.Duration(srv.busy.Load())
				fake += f
				client += total - f
				returned += n
				findings += hits
			}
			per := float64(b.N)
			b.ReportMetric(float64(client.Milliseconds())/per, "client_ms")
			b.ReportMetric(float64(fake.Milliseconds())/per, "fake_ms")
			b.ReportMetric(float64(returned)/per, "lines_returned")
			b.ReportMetric(float64(returned)/per/pdLines, "pass_fraction")
			b.ReportMetric(float64(client)/float64(fake), "client/fake")
			b.ReportMetric(float64(det.Milliseconds())/per, "detector_ms")
		})
	}
}
