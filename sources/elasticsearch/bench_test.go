package elasticsearch

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/elasticsearch/esfake"
)

// BenchmarkScan scans 20,000 documents over the fake (HTTP on loopback, fake included):
// ns/doc is the end-to-end cost per document; multiply by 1e6 for a million.
func BenchmarkScan(b *testing.B) {
	const n = 20000
	f, url := newFake(b, esfake.Options{})
	for i := 0; i < n; i++ {
		addDoc(b, f, "logs-a", fmt.Sprintf("d%06d", i), t0.Add(time.Duration(i)*time.Millisecond),
			`{"level":"info","msg":"GET /api/v1/orders?page=2 200 12ms","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}`)
	}
	s := newSource(b, url, nil)
	w := sources.Window{Start: t0, End: t0.Add(time.Hour)}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		got := 0
		err := s.Scan(context.Background(), sources.Request{Window: w}, func(_ context.Context, p sources.Page) error {
			got += len(p.Lines)
			return nil
		})
		if err != nil || got != n {
			b.Fatalf("%v, %d lines", err, got)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/doc")
}

// BenchmarkDecodePage is the client's own share: decoding and validating one page of 1000
// hits and turning it into Lines (no HTTP, no fake).
func BenchmarkDecodePage(b *testing.B) {
	var hits []map[string]any
	for i := 0; i < 1000; i++ {
		hits = append(hits, map[string]any{"_index": "logs-a", "_id": fmt.Sprintf("d%06d", i), "_score": nil,
			"_source": map[string]any{"message": `{"level":"info","msg":"GET /api/v1/orders?page=2 200 12ms","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}`},
			"sort":    []any{1793613600000 + i, int64(4294967296) + int64(i)}})
	}
	body, _ := json.Marshal(map[string]any{"pit_id": "abc", "took": 3, "timed_out": false,
		"_shards": map[string]any{"total": 3, "successful": 3, "skipped": 0, "failed": 0},
		"hits":    map[string]any{"max_score": nil, "hits": hits}})
	s := newSource(b, "http://unused:9200", nil)
	sc := &scan{s: s, mode: modeESPIT, startMs: 0, endMs: 1 << 62}
	b.SetBytes(int64(len(body)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var resp searchResponse
		if err := decodeResponse(body, &resp); err != nil {
			b.Fatal(err)
		}
		for j := range resp.Hits.Hits {
			h := &resp.Hits.Hits[j]
			ms, err := sc.checkHit(h, false)
			if err != nil {
				b.Fatal(err)
			}
			_ = s.line(h, ms)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*1000), "ns/doc")
}
