package loki_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/internal/corpus"
	"github.com/leakwatch/leakwatch/pushdown"
	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/loki"
	"github.com/leakwatch/leakwatch/sources/loki/lokifake"
)

// What counting the lines in scope costs a real Loki, next to the floor (one literal that
// matches nothing: every line of the window read once). The Loki at LEAKWATCH_TEST_LOKI_URL
// gets a generated corpus of about 30 MB in 4 new streams spread over 40 minutes; each
// sub-benchmark then asks about that window:
//   - floor: a query_range with a line filter matching nothing (what any scan costs at least);
//   - count-instant: sum(count_over_time({sel}[40m])), one instant query (a window's part);
//   - count-range-4: the same as one query_range over 4 buckets of 10m (re-verification);
//   - count-instant-4x: the same 4 buckets as 4 instant queries (one query per bucket).
//
// Compare their ns/op within one run: go test -run X -bench VolumesRealLoki ./sources/loki
var (
	vbOnce    sync.Once
	vbErr     error
	vbRun     string
	vbFrom    time.Time
	vbLines   int
	vbWindow  = 40 * time.Minute
	vbBuckets = 4
)

func vbSetup(b *testing.B, base string) {
	vbOnce.Do(func() {
		var buf bytes.Buffer
		if _, vbErr = corpus.Generate(&buf, corpus.Options{Size: 30 << 20, Seed: 7}); vbErr != nil {
			return
		}
		var lines []string
		sc := bufio.NewScanner(&buf)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			lines = append(lines, sc.Text())
		}
		vbLines = len(lines)
		vbRun = fmt.Sprintf("volbench-%d", time.Now().UnixNano())
		// On the 10-minute grid, ending 5 minutes ago at most.
		end := time.Now().Add(-5 * time.Minute).Truncate(10 * time.Minute)
		vbFrom = end.Add(-vbWindow)
		step := vbWindow / time.Duration(len(lines)+1)
		const streams, batch = 4, 5000
		for s := 0; s < streams && vbErr == nil; s++ {
			for lo := s; lo < len(lines) && vbErr == nil; lo += streams * batch {
				var values [][2]string
				for i := lo; i < len(lines) && i < lo+streams*batch; i += streams {
					values = append(values, [2]string{strconv.FormatInt(vbFrom.Add(time.Duration(i+1)*step).UnixNano(), 10), lines[i]})
				}
				vbErr = pushJSON(base, map[string]string{"job": "volbench", "run": vbRun, "shard": strconv.Itoa(s)}, values)
			}
		}
	})
	if vbErr != nil {
		b.Fatal(vbErr)
	}
}

func pushJSON(base string, labels map[string]string, values [][2]string) error {
	body, err := json.Marshal(map[string]any{"streams": []any{map[string]any{"stream": labels, "values": values}}})
	if err != nil {
		return err
	}
	req, _ := http.NewRequest(http.MethodPost, strings.TrimRight(base, "/")+"/loki/api/v1/push", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if t := os.Getenv("LEAKWATCH_TEST_LOKI_TENANT"); t != "" {
		req.Header.Set("X-Scope-OrgID", t)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		return fmt.Errorf("push: %s", resp.Status)
	}
	return nil
}

func BenchmarkVolumesRealLoki(b *testing.B) {
	base, tenant := lokifake.RealLoki(b)
	vbSetup(b, base)
	src, err := loki.New(loki.Config{Name: "volbench", URL: base, Tenant: tenant,
		Selectors: []string{fmt.Sprintf(`{run=%q}`, vbRun)}, Timeout: 5 * time.Minute})
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	ctx := context.Background()
	// Ingestion is asynchronous: wait (bounded) until every line is counted.
	for i := 0; ; i++ {
		n, err := src.Volumes(ctx, vbFrom, vbWindow, 1)
		if err == nil && n[0] == int64(vbLines) {
			break
		}
		if i == 60 {
			b.Fatalf("Loki holds %v of %d lines (err %v)", n, vbLines, err)
		}
		time.Sleep(500 * time.Millisecond)
	}
	b.Run("floor", func(b *testing.B) {
		f := sources.Filter{Plan: &pushdown.Plan{Stages: []pushdown.Clause{{{Text: "zq-no-such-literal-zq"}}}}}
		for b.Loop() {
			err := src.Scan(ctx, sources.Request{Window: sources.Window{Start: vbFrom, End: vbFrom.Add(vbWindow)}, Filter: f},
				func(context.Context, sources.Page) error { return nil })
			if err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(vbLines), "lines")
	})
	b.Run("count-instant", func(b *testing.B) {
		for b.Loop() {
			n, err := src.Volumes(ctx, vbFrom.Add(time.Millisecond), vbWindow-time.Millisecond, 1)
			if err != nil || n[0] == 0 {
				b.Fatalf("%v %v", n, err)
			}
		}
	})
	b.Run(fmt.Sprintf("count-range-%d", vbBuckets), func(b *testing.B) {
		for b.Loop() {
			n, err := src.Volumes(ctx, vbFrom, vbWindow/time.Duration(vbBuckets), vbBuckets)
			if err != nil || len(n) != vbBuckets {
				b.Fatalf("%v %v", n, err)
			}
		}
	})
	b.Run(fmt.Sprintf("count-instant-%dx", vbBuckets), func(b *testing.B) {
		step := vbWindow / time.Duration(vbBuckets)
		for b.Loop() {
			for i := 0; i < vbBuckets; i++ {
				// 1ms off the grid: Volumes then asks one instant query per bucket.
				n, err := src.Volumes(ctx, vbFrom.Add(time.Duration(i)*step+time.Millisecond), step-time.Millisecond, 1)
				if err != nil || len(n) != 1 {
					b.Fatalf("%v %v", n, err)
				}
			}
		}
	})
}
