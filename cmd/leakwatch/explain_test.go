package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/internal/state"
	"github.com/leakwatch/leakwatch/sources/elasticsearch/esfake"
	"github.com/leakwatch/leakwatch/sources/loki/lokifake"
	"github.com/leakwatch/leakwatch/sources/loki/lokifake/pipeline"
)

// TestExplain: explain prints the exact query_range of the next window of a Loki source
// (headers without credentials, the plan's LogQL that keeps a line with a leaked token) and
// the search body of an Elasticsearch source; --measure runs the query and compares Loki's
// statistics with a plain pass; with a watermark in the state the window starts there.
func TestExplain(t *testing.T) {
	now := time.Now()
	fake := lokifake.New(lokifake.Options{Now: func() time.Time { return time.Now() }})
	token := fakesecret.GitHub(rand.New(rand.NewPCG(1, 2)), "ghp_")
	secretLine := "deploy: using token " + token
	for i := range 60 {
		line := fmt.Sprintf("GET /v1/items/%d 200", i)
		if i == 30 {
			line = secretLine
		}
		if err := fake.Push("team-a", map[string]string{"job": "api"}, lokifake.Entry{Time: now.Add(-time.Duration(i+5) * time.Minute), Line: line}); err != nil {
			t.Fatal(err)
		}
	}
	lokiSrv := httptest.NewServer(fake)
	t.Cleanup(lokiSrv.Close)
	esSrv := httptest.NewServer(esfake.New(esfake.Options{}))
	t.Cleanup(esSrv.Close)

	dir := t.TempDir()
	const bearer = "explain-test-bearer-6f1d2c"
	tokenFile := filepath.Join(dir, "bearer")
	if err := os.WriteFile(tokenFile, []byte(bearer), 0o600); err != nil {
		t.Fatal(err)
	}
	cfgPath := filepath.Join(dir, "config.yaml")
	dataDir := filepath.Join(dir, "data")
	cfg := fmt.Sprintf(`data_dir: %s
sources:
  - name: prod-loki
    type: loki
    loki:
      url: %s
      tenant: team-a
      authorization: {credentials_file: %s}
      selectors: ['{job="api"}']
  - name: prod-es
    type: elasticsearch
    elasticsearch:
      urls: [%s]
      index: logs-*
      tiebreaker_field: event.id
`, dataDir, lokiSrv.URL, tokenFile, esSrv.URL)
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	code, out, errOut := lw(t, ctx, "explain", "--config", cfgPath, "--measure", "--rules")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"POST " + lokiSrv.URL + "/loki/api/v1/query_range",
		"X-Scope-Orgid: team-a", "Authorization: Bearer <credentials>",
		"direction=forward", "limit=5000", "initial_lookback: never scanned",
		"plain pass", "cost:", "github-pat",
		"POST /logs-*/_search", `"epoch_millis"`,
		// Every request of a window, each measured: the counts before the scan and a later
		// re-verification (index volume, then a count).
		"count (before the scan", "POST " + lokiSrv.URL + "/loki/api/v1/query\n", `query=sum(count_over_time({job="api"}[`,
		"re-verification (later", "POST " + lokiSrv.URL + "/loki/api/v1/index/volume", "from the index (no chunk read)",
		"measured (Loki's stats.summary)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out+errOut, bearer) {
		t.Error("explain printed the bearer token")
	}
	var query string
	for _, l := range strings.Split(out, "\n") {
		if q, ok := strings.CutPrefix(strings.TrimSpace(l), "query="); ok && query == "" {
			query = q // the scan's, printed first
		}
	}
	q, err := pipeline.ParseQuery(query)
	if err != nil {
		t.Fatalf("printed query does not parse: %v\n%s", err, query)
	}
	// The first stage, run on every line, is substring tests; a later one may narrow with a
	// regex (a key and its separator) on the few lines reaching it.
	first := &pipeline.Query{Filters: q.Filters[:1]}
	if !strings.HasPrefix(query, `{job="api"} |`) || !first.SubstringOnly() || !q.Keep(secretLine) || q.Keep("GET /v1/items/7 200") {
		t.Errorf("printed query %.300s… does not keep exactly the leaked line", query)
	}

	// With a watermark, the next window starts at the watermark (overlap 0s: re-verification
	// finds late lines).
	st, err := state.OpenSQLite(ctx, dataDir)
	if err != nil {
		t.Fatal(err)
	}
	wm := now.Add(-20 * time.Minute).Truncate(time.Second).UTC()
	if err := st.CoverScanned(ctx, "prod-loki", wm.Add(-time.Hour), wm, 10, 100); err != nil {
		t.Fatal(err)
	}
	st.Close()
	code, out, errOut = lw(t, ctx, "explain", "--config", cfgPath, "--source", "prod-loki")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if want := "next window [" + wm.Format(time.RFC3339Nano); !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
	if strings.Contains(out, "prod-es") {
		t.Error("--source prod-loki also explained prod-es")
	}

	code, _, errOut = lw(t, ctx, "explain", "--config", cfgPath, "--source", "nope")
	if code != 2 || !strings.Contains(errOut, "prod-loki, prod-es") {
		t.Errorf("unknown source: exit %d, %q; want 2 naming the configured sources", code, errOut)
	}
}
