package engine_test

import (
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/loki/lokifake"
)

// kindLog is a transport that records, for each request, the query kind its context was
// marked with and its form.
type kindLog struct {
	mu   sync.Mutex
	reqs []kindReq
}

type kindReq struct {
	kind sources.QueryKind
	path string
	form url.Values
}

func (k *kindLog) RoundTrip(req *http.Request) (*http.Response, error) {
	body, _ := io.ReadAll(req.Body)
	req.Body = io.NopCloser(strings.NewReader(string(body)))
	form, _ := url.ParseQuery(string(body))
	k.mu.Lock()
	k.reqs = append(k.reqs, kindReq{kind: sources.QueryKindOf(req.Context()), path: req.URL.Path, form: form})
	k.mu.Unlock()
	return http.DefaultTransport.RoundTrip(req)
}

func (k *kindLog) take() []kindReq {
	k.mu.Lock()
	defer k.mu.Unlock()
	out := k.reqs
	k.reqs = nil
	return out
}

// TestReverifyCountsOnlyChangedBuckets: a live writer, one run every 10 minutes for 12
// hours, nothing late. Re-verification asks Loki's index first and counts a bucket only when
// its index volume changed since its last count: the first time (no signal yet) and while
// a chunk spanning its end was still growing, never at every pass. A line then arriving late
// in an old bucket changes that bucket's index volume, is counted and found.
func TestReverifyCountsOnlyChangedBuckets(t *testing.T) {
	log := &kindLog{}
	// Chunks of 4 entries (20 minutes of this writer): each bucket boundary is spanned by one
	// chunk, sealed soon after.
	x := newRecheckEnvWith(t, `{job="api"}`, 24*time.Hour, lokifake.Options{ChunkEntries: 4}, &http.Client{Transport: log})
	x.job.Plan.Overlap = 0
	api := map[string]string{"job": "api"}
	T := e2eT0
	for m := 125; m > 0; m -= 5 {
		x.push(t, api, T.Add(-time.Duration(m)*time.Minute), "GET /v1/items 200")
	}
	x.run(t)
	log.take()
	counted := map[time.Time]int{} // bucket end -> re-verification counts
	stats := 0
	for step := 1; step <= 72; step++ {
		x.clk.Add(10 * time.Minute)
		now := x.clk.Now()
		x.push(t, api, now.Add(-10*time.Minute), "GET /v1/items 200")
		x.push(t, api, now.Add(-5*time.Minute), "GET /v1/items 200")
		x.run(t)
		for _, r := range log.take() {
			switch {
			case r.kind == sources.QueryCount || r.kind == sources.QueryScan:
				continue
			case r.kind != sources.QueryReverify:
				t.Fatalf("request %s with kind %q", r.path, r.kind)
			case r.path == "/loki/api/v1/index/volume":
				stats++
			case r.path == "/loki/api/v1/query":
				at, _ := lokifake.ParseTime(r.form.Get("time"))
				counted[at.UTC()]++
			case r.path == "/loki/api/v1/query_range" && strings.HasPrefix(r.form.Get("query"), "sum(count_over_time"):
				from, _ := lokifake.ParseTime(r.form.Get("start"))
				to, _ := lokifake.ParseTime(r.form.Get("end"))
				for at := from; !at.After(to); at = at.Add(time.Hour) {
					counted[at.UTC()]++
				}
			default:
				t.Fatalf("re-verification sent %s %q: want index volumes and counts only (nothing is late)", r.path, r.form.Get("query"))
			}
		}
	}
	verified := testutil.ToFloat64(x.m.Reverifications.WithLabelValues("loki-prod", "unchanged"))
	total := 0
	for end, n := range counted {
		total += n
		if n > 2 {
			t.Errorf("bucket ending %s counted %d times by re-verification: want at most twice (first time, and once more for a chunk still growing across its end)", end.Format(time.RFC3339), n)
		}
	}
	if float64(total) >= verified/2 {
		t.Errorf("%d counts for %v re-verifications: most should be answered by the index alone", total, verified)
	}
	if stats == 0 || float64(stats) < verified {
		t.Errorf("%d index volume requests for %v re-verifications: want one per bucket verified", stats, verified)
	}
	if got := testutil.ToFloat64(x.m.LateLines.WithLabelValues("loki-prod")); got != 0 {
		t.Fatalf("late_lines_total = %v with nothing late", got)
	}

	// A line stamped 3h ago, in a bucket verified already, arrives now.
	rng := rand.New(rand.NewPCG(21, 0))
	x.push(t, map[string]string{"job": "api"}, x.clk.Now().Add(-3*time.Hour+7*time.Minute), "replayed: token "+ghToken(rng))
	for range 30 { // five hours: the bucket comes due again
		x.clk.Add(10 * time.Minute)
		x.run(t)
	}
	if got := x.incidents(t); got != 1 {
		t.Fatalf("%d incidents: the late line was not found", got)
	}
	if got := testutil.ToFloat64(x.m.LateLines.WithLabelValues("loki-prod")); got != 1 {
		t.Errorf("late_lines_total = %v, want 1", got)
	}
}
