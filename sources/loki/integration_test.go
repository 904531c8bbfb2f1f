package loki_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grafana/loki/pkg/push"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/engine"
	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/queries"
	"github.com/leakwatch/leakwatch/sources"
	"github.com/leakwatch/leakwatch/sources/loki"
	"github.com/leakwatch/leakwatch/sources/loki/lokifake"
)

// TestIntegrationRealLoki pushes lines (one with a freshly generated fake AWS key ID) to the
// Loki at LEAKWATCH_TEST_LOKI_URL with snappy protobuf, scans them back through the source
// with the catalogue's pushdown and runs the detector. LEAKWATCH_TEST_LOKI_TENANT sets
// X-Scope-OrgID when the server has auth enabled.
func TestIntegrationRealLoki(t *testing.T) {
	base, tenant := lokifake.RealLoki(t)
	run := fmt.Sprintf("%d", time.Now().UnixNano())
	keyID := fakesecret.AWSKeyID(fakesecret.Fresh())
	now := time.Now().Truncate(time.Millisecond)
	lines := []string{
		"level=info msg=\"service started\" run=" + run,
		"level=warn msg=\"assume role\" key=" + keyID,
		"level=info msg=\"request served\" status=200",
	}
	var entries []push.Entry
	for i, l := range lines {
		entries = append(entries, push.Entry{Timestamp: now.Add(time.Duration(i-len(lines)) * time.Second), Line: l})
	}
	if err := lokifake.PushTo(context.Background(), base, tenant, []push.Stream{{Labels: fmt.Sprintf(`{job="leakwatch-it", run="%s"}`, run), Entries: entries}}); err != nil {
		t.Fatal(err)
	}

	src, err := loki.New(loki.Config{Name: "it", URL: base, Tenant: tenant, Selectors: []string{fmt.Sprintf(`{run="%s"}`, run)}})
	if err != nil {
		t.Fatal(err)
	}
	det, err := detector.New(queries.Catalog(), detector.Options{Key: []byte("integration-test")})
	if err != nil {
		t.Fatal(err)
	}
	filter := engine.Filter(det)
	w := sources.Window{Start: now.Add(-time.Minute), End: now.Add(time.Minute)}
	// Ingestion is asynchronous: poll briefly until the pushed lines are queryable.
	var found []string
	for attempt := 0; attempt < 20 && len(found) == 0; attempt++ {
		if attempt > 0 {
			time.Sleep(500 * time.Millisecond)
		}
		err = src.Scan(context.Background(), sources.Request{Window: w, Filter: filter}, func(_ context.Context, p sources.Page) error {
			for _, l := range p.Lines {
				det.Scan(l.Text, 0, func(f detector.Finding) {
					if f.RuleID == "aws-access-key-id" {
						found = append(found, l.Location)
					}
				})
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(found) != 1 {
		t.Fatalf("found the planted key %d times, want 1", len(found))
	}
	t.Logf("found at %s", found[0])
}

// TestIntegrationStructuredMetadataRealLoki pushes an entry whose structured metadata holds a
// freshly generated fake AWS key ID to the Loki at LEAKWATCH_TEST_LOKI_URL and reads it back:
// the attribute's value is scanned with the line.
func TestIntegrationStructuredMetadataRealLoki(t *testing.T) {
	base, tenant := lokifake.RealLoki(t)
	run := fmt.Sprintf("meta-%d", time.Now().UnixNano())
	keyID := fakesecret.AWSKeyID(fakesecret.Fresh())
	now := time.Now().Truncate(time.Millisecond)
	body := fmt.Sprintf(`{"streams":[{"stream":{"job":"leakwatch-it","run":%q},"values":[[%q,"assume role ok",{"aws_access_key":%q,"trace_id":"abc123"}]]}]}`,
		run, strconv.FormatInt(now.Add(-time.Second).UnixNano(), 10), keyID)
	if err := lokifake.PushJSONTo(context.Background(), base, tenant, body); err != nil {
		t.Fatal(err)
	}
	src, err := loki.New(loki.Config{Name: "it", URL: base, Tenant: tenant, Selectors: []string{fmt.Sprintf(`{run=%q}`, run)}})
	if err != nil {
		t.Fatal(err)
	}
	det, err := detector.New(queries.Catalog(), detector.Options{Key: []byte("integration-test")})
	if err != nil {
		t.Fatal(err)
	}
	w := sources.Window{Start: now.Add(-time.Minute), End: now.Add(time.Minute)}
	var texts []string
	found := 0
	for attempt := 0; attempt < 20 && len(texts) == 0; attempt++ {
		if attempt > 0 {
			time.Sleep(500 * time.Millisecond)
		}
		err = src.Scan(context.Background(), sources.Request{Window: w}, func(_ context.Context, p sources.Page) error {
			for _, l := range p.Lines {
				texts = append(texts, string(l.Text))
				det.Scan(l.Text, 0, func(f detector.Finding) {
					if f.RuleID == "aws-access-key-id" {
						found++
					}
				})
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(texts) != 1 || !strings.HasPrefix(texts[0], "assume role ok\n") || !strings.Contains(texts[0], "trace_id=abc123") || found != 1 {
		t.Fatalf("read %d lines, found the key %d times, want 1 line carrying its metadata and the key found once", len(texts), found)
	}
}
