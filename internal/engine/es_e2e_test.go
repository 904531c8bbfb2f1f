package engine_test

// End-to-end: the real engine, the real SQLite state and the real Elasticsearch source
// against the in-process Elasticsearch and OpenSearch fakes.

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/leakwatch/leakwatch/internal/backoff"
	"github.com/leakwatch/leakwatch/internal/engine"
	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/elasticsearch"
	"github.com/leakwatch/leakwatch/sources/elasticsearch/esfake"
)

// esServer is the fake cluster with a hook on the trigger-th search request.
type esServer struct {
	fake     *esfake.Server
	url      string
	searches atomic.Int32
	trigger  int32
	fire     func()
}

func (es *esServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/_search") {
		if es.searches.Add(1) == es.trigger && es.fire != nil {
			es.fire()
		}
	}
	es.fake.ServeHTTP(w, r)
}

// pitOpens counts point-in-time opens (both flavours' paths).
func (es *esServer) pitOpens() int {
	n := 0
	for _, r := range es.fake.Requests() {
		if r.Method == http.MethodPost && (strings.HasSuffix(r.Path, "/_pit") || strings.HasSuffix(r.Path, "/_search/point_in_time")) {
			n++
		}
	}
	return n
}

// esFixture indexes 90 documents in one hour, four per timestamp (so pages of 10 end inside
// a timestamp group): a third carry a secret or a URL, a third an authorization field, a
// third nothing the pushdown keeps. It returns the fake, the per-secret line counts and the
// number of documents the pushdown returns.
func esFixture(t *testing.T, x *e2e, fl esfake.Flavor) (*esServer, map[string]int, []string, int) {
	t.Helper()
	es := &esServer{fake: esfake.New(esfake.Options{Flavor: fl})}
	rng := rand.New(rand.NewPCG(21, 1))
	secrets := []string{ghToken(rng), ghToken(rng), stripeKey(rng)}
	carriers := map[int]int{1: 0, 4: 1, 7: 2, 33: 0, 48: 1, 63: 0, 87: 2}
	want := map[string]int{}
	kept := 0
	for i := 0; i < 90; i++ {
		var msg string
		c, isCarrier := carriers[i]
		switch {
		case isCarrier && strings.HasPrefix(secrets[c], "ghp_"):
			msg = fmt.Sprintf(`level=error msg="clone failed" repo=https://x-access-token:%s@github.com/acme/api.git req=%d`, secrets[c], i)
		case isCarrier:
			msg = fmt.Sprintf(`stripe error: invalid request with key %s (req %d)`, secrets[c], i)
		case i%3 == 0:
			msg = fmt.Sprintf(`GET https://billing.internal.example/v1/invoices/%d 200`, i)
		case i%3 == 1:
			msg = fmt.Sprintf(`request rejected: missing Authorization header (req %d)`, i)
		default:
			msg = fmt.Sprintf(`GET /healthz 200 in %dms`, i)
		}
		if isCarrier {
			want[x.fingerprint(t, msg)]++
		}
		if isCarrier || i%3 != 2 {
			kept++
		}
		at := e2eT0.Add(time.Duration(i/4) * time.Minute)
		id := fmt.Sprintf("doc-%03d", i)
		if err := es.fake.Add("logs-2026.11.28", id, map[string]any{
			"@timestamp": at.Format(time.RFC3339Nano), "message": msg, "event": map[string]any{"id": "ev-" + id},
		}); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(es)
	t.Cleanup(srv.Close)
	es.url = srv.URL
	return es, want, secrets, kept
}

func esSource(t *testing.T, url string, attempts int) *elasticsearch.Source {
	t.Helper()
	s, err := elasticsearch.New(elasticsearch.Config{Name: "es-prod", URLs: []string{url}, Index: "logs-*",
		TiebreakerField: "event.id", PageSize: 10, Retry: backoff.Policy{Attempts: attempts, Base: time.Millisecond},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestElasticsearchFaultsThroughEngine, for Elasticsearch and OpenSearch:
//   - a 200 with one failed shard on a later page fails the window (partial results never
//     count); the rescan covers it with no duplicate incident;
//   - a storm of rejected executions (429) longer than the source's attempts fails the
//     window; the next scan absorbs the rest of the storm and covers it, no gap, no duplicate;
//   - a point in time expiring mid-window is reopened and the scan resumes: one scan covers
//     the window and every document is read once.
func TestElasticsearchFaultsThroughEngine(t *testing.T) {
	const attempts = 3
	cases := []struct {
		name   string
		faults []esfake.Fault // injected at the third search request
		kind   sources.ErrorKind
		fails  bool // the first ScanWindow fails
		left   int  // faults not yet fired after the first ScanWindow
	}{
		// A partial 200 is not retried within the request: the window fails at once.
		{"failed shard on a later page", []esfake.Fault{{Kind: esfake.FaultShardFailure}}, sources.KindProtocol, true, 0},
		// The source tries a throttled page `attempts` times; the rescan meets the last two.
		{"429 storm then recovery", repeat(esfake.Fault{Kind: esfake.FaultThrottle}, attempts+2), sources.KindThrottled, true, 2},
		{"point in time expires mid-window", []esfake.Fault{{Kind: esfake.FaultExpirePIT}}, "", false, 0},
	}
	for _, fl := range []esfake.Flavor{esfake.Elasticsearch, esfake.OpenSearch} {
		for _, tc := range cases {
			t.Run(string(fl)+"/"+tc.name, func(t *testing.T) {
				ctx := context.Background()
				x := newE2E(t)
				es, want, secrets, kept := esFixture(t, x, fl)
				es.trigger = 3
				es.fire = func() { es.fake.Inject(esfake.OpSearch, tc.faults...) }
				job := engine.Job{Source: esSource(t, es.url, attempts)}
				w := sources.Window{Start: e2eT0, End: e2eT0.Add(time.Hour)}

				err := x.eng.ScanWindow(ctx, job, w)
				if tc.fails {
					if err == nil {
						t.Fatal("window scanned despite the fault")
					}
					for i, s := range secrets {
						if strings.Contains(err.Error(), s) {
							t.Errorf("error contains secret %d", i)
						}
					}
					x.assertNotCovered(t, "es-prod", w, string(tc.kind))
					if incs, _ := x.st.Incidents(ctx, ""); len(incs) == 0 {
						t.Error("precondition: the pages before the fault should have been recorded")
					}
					if es.fake.OpenPITs() != 0 {
						t.Error("point in time left open after a failed scan")
					}
					if n := es.fake.PendingFaults(); n != tc.left {
						t.Errorf("%d faults left after the failed scan, want %d", n, tc.left)
					}
					err = x.eng.ScanWindow(ctx, job, w)
				}
				if err != nil {
					t.Fatalf("scan: %v", err)
				}
				x.assertCovered(t, "es-prod", w, want)
				if n := es.fake.PendingFaults(); n != 0 {
					t.Errorf("%d injected faults never fired", n)
				}
				if es.fake.OpenPITs() != 0 {
					t.Error("point in time left open")
				}
				if !tc.fails {
					// One scan only: lines_scanned counts each document the pushdown returns once.
					if got := testutil.ToFloat64(x.m.LinesScanned.WithLabelValues("es-prod")); got != float64(kept) {
						t.Errorf("lines_scanned_total = %v, want %d (every document once)", got, kept)
					}
					if got := testutil.ToFloat64(x.m.ScansTotal.WithLabelValues("es-prod", "failure")); got != 0 {
						t.Errorf("scans_total{failure} = %v, want 0", got)
					}
					if n := es.pitOpens(); n != 2 {
						t.Errorf("%d point-in-time opens, want 2 (first + reopen)", n)
					}
				}
			})
		}
	}
}

func repeat(f esfake.Fault, n int) []esfake.Fault {
	out := make([]esfake.Fault, n)
	for i := range out {
		out[i] = f
	}
	return out
}
