package engine_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/grafana/loki/pkg/push"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/engine"
	"github.com/leakwatch/leakwatch/internal/metrics"
	"github.com/leakwatch/leakwatch/internal/state"
	"github.com/leakwatch/leakwatch/queries"
	"github.com/leakwatch/leakwatch/sources/loki"
	"github.com/leakwatch/leakwatch/sources/loki/lokifake"
)

// TestIntegrationLateLinesRealLoki is the late-arrival scenario against the Loki at
// LEAKWATCH_TEST_LOKI_URL (LEAKWATCH_TEST_LOKI_TENANT sets X-Scope-OrgID): a run covers the
// last hour of a fresh stream; three lines carrying secrets then arrive in a new stream,
// stamped 30, 20 and 15 minutes ago. The engine's clock is then moved an hour on (queries
// about the future are harmless) so the covered buckets are due: re-verification counts more
// lines than were scanned and finds all three secrets.
func TestIntegrationLateLinesRealLoki(t *testing.T) {
	base, tenant := lokifake.RealLoki(t)
	ctx := context.Background()
	run := fmt.Sprintf("late-%d", time.Now().UnixNano())
	start := time.Now().Truncate(time.Second)
	pushLoki := func(job string, lines map[time.Duration]string) {
		t.Helper()
		var entries []push.Entry
		for ago := 55 * time.Minute; ago > 0; ago -= time.Minute {
			if l, ok := lines[ago]; ok {
				entries = append(entries, push.Entry{Timestamp: start.Add(-ago), Line: l})
			}
		}
		if err := lokifake.PushTo(ctx, base, tenant, []push.Stream{{Labels: fmt.Sprintf(`{job=%q, run=%q}`, job, run), Entries: entries}}); err != nil {
			t.Fatal(err)
		}
	}
	src, err := loki.New(loki.Config{Name: "loki-it", URL: base, Tenant: tenant, Selectors: []string{fmt.Sprintf(`{run=%q}`, run)}})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	// inScope waits (bounded) until Loki has ingested want lines of the run in the last hour.
	inScope := func(want int64) {
		t.Helper()
		var got []int64
		for attempt := 0; attempt < 40; attempt++ {
			if got, err = src.Volumes(ctx, start.Add(-time.Hour), time.Hour, 1); err == nil && got[0] == want {
				return
			}
			time.Sleep(250 * time.Millisecond)
		}
		t.Fatalf("Loki holds %v lines of the run (err %v), want %d", got, err, want)
	}

	clean := map[time.Duration]string{}
	for ago := 50 * time.Minute; ago >= 5*time.Minute; ago -= 5 * time.Minute {
		clean[ago] = "level=info msg=\"request served\" status=200 run=" + run
	}
	pushLoki("api", clean)
	inScope(int64(len(clean)))

	st, err := state.OpenSQLite(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	det, err := detector.New(queries.Catalog(), detector.Options{Key: []byte("late-lines-it")})
	if err != nil {
		t.Fatal(err)
	}
	m := metrics.New()
	clk := &clock{now: start}
	eng, err := engine.New(engine.Options{Store: st, Detector: det, Metrics: m, Notifiers: []string{"log"},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	job := engine.Job{Source: src, Plan: engine.Plan{Overlap: time.Minute, Chunk: 10 * time.Minute, InitialLookback: time.Hour,
		Recheck: 24 * time.Hour, Bucket: 10 * time.Minute}}
	if err := eng.RunOnce(ctx, job); err != nil {
		t.Fatal(err)
	}
	if got := testutil.ToFloat64(m.LinesInScope.WithLabelValues("loki-it")); got != float64(len(clean)) {
		t.Fatalf("lines_in_scope_total = %v after the first run, want %d", got, len(clean))
	}

	rng := rand.New(rand.NewPCG(uint64(start.UnixNano()), 0))
	late := map[time.Duration]string{}
	for _, ago := range []time.Duration{30 * time.Minute, 20 * time.Minute, 15 * time.Minute} {
		late[ago] = "level=warn msg=\"replayed from the agent's buffer\" token=" + ghToken(rng)
	}
	pushLoki("batch", late)
	inScope(int64(len(clean) + len(late)))

	clk.Add(time.Hour)
	if err := eng.RunOnce(ctx, job); err != nil {
		t.Fatal(err)
	}
	incs, err := st.Incidents(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(incs) != len(late) {
		t.Fatalf("%d incidents after re-verification, want %d (one per late secret)", len(incs), len(late))
	}
	if got := testutil.ToFloat64(m.LateLines.WithLabelValues("loki-it")); got != float64(len(late)) {
		t.Errorf("late_lines_total = %v, want %d", got, len(late))
	}
}
